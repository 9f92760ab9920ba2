/*
 * panic.c — panics (LANGUAGE.md §15.2) and the stack-overflow handler.
 *
 * A panic flushes stdout, writes `panicked at FILE:LINE:COL: MESSAGE\n` to stderr and ends the
 * process with _exit(101): no destructors, no leak check, no atexit handlers.
 */
#define _GNU_SOURCE /* pthread_getattr_np */

#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdalign.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rt_internal.h"

enum { PANIC_EXIT_STATUS = 101 };

/* Writes the panic line for `len` message bytes and exits. */
static _Noreturn void panic_bytes(const TmlSite *site, const uint8_t *msg, size_t len) {
    if (site != NULL) {
        char position[32];
        snprintf(position, sizeof position, ":%" PRId32 ":%" PRId32 ": ", site->line, site->col);
        tml_rt_write_stderr("panicked at ", 12);
        tml_rt_write_stderr(site->file, strlen(site->file));
        tml_rt_write_stderr(position, strlen(position));
    } else {
        tml_rt_write_stderr("panicked: ", 10);
    }
    tml_rt_write_stderr(msg, len);
    tml_rt_write_stderr("\n", 1);
    _exit(PANIC_EXIT_STATUS);
}

/* Panics with the NUL-terminated `msg` (borrowed) at `site` (NULL: `panicked: MSG`). */
_Noreturn void tml_panic(const TmlSite *site, const char *msg) {
    panic_bytes(site, (const uint8_t *)msg, strlen(msg));
}

/* Panics with the bytes of `msg` (borrowed; may contain line breaks). */
_Noreturn void tml_panic_str(const TmlSite *site, const TmlStr *msg) {
    panic_bytes(site, msg->data, (size_t)msg->len);
}

/* Panics with `index out of bounds: the len is LEN but the index is INDEX`. */
_Noreturn void tml_panic_bounds(const TmlSite *site, int64_t len, int64_t index) {
    char msg[128];
    snprintf(msg, sizeof msg, "index out of bounds: the len is %" PRId64 " but the index is %" PRId64, len, index);
    tml_panic(site, msg);
}

/* ---------------------------------------------------------------- stack overflow */

/* Faults this far below the lowest stack address still count as overflow (large frames skip
 * over the guard area). */
#define STACK_FAULT_SLACK ((uintptr_t)1 << 20)

enum { ALT_STACK_SIZE = 64 * 1024 };

static alignas(16) unsigned char alt_stack[ALT_STACK_SIZE];
/* Bounds of the main thread's stack, [stack_lo, stack_hi); both 0 when unknown. */
static uintptr_t stack_lo;
static uintptr_t stack_hi;

static bool is_stack_fault(uintptr_t addr) {
    if (stack_hi == 0) return false;
    uintptr_t lowest = stack_lo > STACK_FAULT_SLACK ? stack_lo - STACK_FAULT_SLACK : 0;
    return addr >= lowest && addr < stack_hi;
}

static void on_fault(int sig, siginfo_t *info, void *context) {
    (void)context;
    if (is_stack_fault((uintptr_t)info->si_addr)) {
        static const char msg[] = "panicked: stack overflow\n";
        tml_rt_write_stderr(msg, sizeof msg - 1);
        _exit(PANIC_EXIT_STATUS);
    }
    /* A real crash: let it happen with the default action. Faults re-execute the faulting
     * instruction on return; signals sent by kill() must be raised again. */
    signal(sig, SIG_DFL);
    if (info->si_code <= 0) raise(sig);
}

static void find_stack_bounds(void) {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
    void *addr = NULL;
    size_t size = 0;
    if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
        stack_lo = (uintptr_t)addr;
        stack_hi = (uintptr_t)addr + size;
    }
    pthread_attr_destroy(&attr);
}

/* Records the main thread's stack bounds and installs on_fault for SIGSEGV and SIGBUS on an
 * alternate signal stack. Failures leave the default actions in place. */
void tml_rt_install_stack_overflow_handler(void) {
    find_stack_bounds();
    stack_t ss = {.ss_sp = alt_stack, .ss_size = sizeof alt_stack, .ss_flags = 0};
    if (sigaltstack(&ss, NULL) != 0) return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
}
