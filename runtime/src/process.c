/*
 * process.c — program start and end: arguments, the leak-check setting, shutdown and exit().
 */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rt_internal.h"

enum { LEAK_EXIT_STATUS = 3 };

static int32_t saved_argc;
static char **saved_argv;
static bool leak_check_enabled;

/* Stores argc/argv (borrowed for the whole run), decides whether the leak check runs
 * (`check_leaks` unless TML_CHECK_LEAKS=0) and installs the stack-overflow handler. */
void tml_rt_init(int32_t argc, char **argv, bool check_leaks) {
    saved_argc = argc;
    saved_argv = argv;
    const char *env = getenv("TML_CHECK_LEAKS");
    leak_check_enabled = check_leaks && !(env != NULL && strcmp(env, "0") == 0);
    tml_rt_install_stack_overflow_handler();
}

/* Flushes stdout and runs the leak check if enabled. Returns 3 if leaks were reported,
 * otherwise `status`. */
int32_t tml_rt_shutdown(int32_t status) {
    tml_rt_flush_stdout();
    if (leak_check_enabled && tml_rt_report_leaks()) return LEAK_EXIT_STATUS;
    return status;
}

/* Flushes stdout and ends the process with `code` (no destructors, no leak check). */
_Noreturn void tml_exit(int32_t code) {
    tml_rt_flush_stdout();
    _exit(code);
}

/* Number of arguments after the program name (0 before tml_rt_init). */
int64_t tml_arg_count(void) {
    return saved_argc > 1 ? (int64_t)saved_argc - 1 : 0;
}

/* Argument `i` (0-based, after the program name) as a new string allocated at `site`.
 * Panics with an index-out-of-bounds message when i is not below tml_arg_count(). */
TmlStr *tml_arg(int64_t i, const TmlSite *site) {
    int64_t count = tml_arg_count();
    if (i < 0 || i >= count) tml_panic_bounds(site, count, i);
    const char *arg = saved_argv[i + 1];
    return tml_str_from_bytes((const uint8_t *)arg, (int64_t)strlen(arg), site);
}
