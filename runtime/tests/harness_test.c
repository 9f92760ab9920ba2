/*
 * harness_test.c — the test-harness protocol of tml_test_main.
 *
 * This binary is both sides: with HARNESS_TEST_PROGRAM=1 in the environment it is a
 * "generated test program" (a table of TmlTest wrappers handed to tml_test_main); otherwise it
 * is the runner, which re-executes itself (/proc/self/exe) with the protocol arguments and
 * checks the status file, the exit status and the output of each run.
 */
#include "check.h"

#include <stdint.h>
#include <sys/stat.h>

/* ---------------------------------------------------------------- the "generated" program */

static const TmlSite heap_site = {"calc.test.tml", 20, 5, "Heap[I64]"};
static const TmlSite panic_site = {"calc.test.tml", 14, 13, NULL};

TML_LIT(lit_hello, "hello from the test");

static int32_t test_passes(void) {
    tml_print(&lit_hello, 1, true);
    tml_free(tml_alloc(16, 8, &heap_site));
    return 0;
}

static int32_t test_leaks(void) {
    tml_alloc(16, 8, &heap_site);
    return 0;
}

static int32_t test_returns_two(void) {
    tml_alloc(16, 8, &heap_site); /* not reported: the leak check only follows passing tests */
    return 2;
}

static int32_t test_err(void) {
    TmlStr *msg = S("bad input\nsecond line");
    tml_test_record_err(msg);
    tml_str_release(msg);
    return 1;
}

static int32_t test_err_not_display(void) {
    tml_test_record_err(NULL);
    return 1;
}

static int32_t test_panics(void) {
    tml_print(&lit_hello, 1, true);
    tml_panic(&panic_site, "attempt to divide by zero");
}

static const TmlTest tests[] = {
    {"calc.test.tml::passes", test_passes},
    {"calc.test.tml::leaks", test_leaks},
    {"calc.test.tml::returns_two", test_returns_two},
    {"calc.test.tml::err", test_err},
    {"calc.test.tml::err_not_display", test_err_not_display},
    {"calc.test.tml::panics", test_panics},
};

/* ---------------------------------------------------------------- the runner side */

static char status_path[64];
static char *child_args[8];
static const char *child_leak_env;

/* Child side of run_child: becomes the test program. Some tests leak on purpose, so the
 * sanitizers' own leak detection (ASan, standalone LSan) is turned off. */
static void exec_program(void) {
    setenv("HARNESS_TEST_PROGRAM", "1", 1);
    setenv("ASAN_OPTIONS", "detect_leaks=0", 1);
    setenv("LSAN_OPTIONS", "detect_leaks=0", 1);
    if (child_leak_env != NULL) setenv("TML_CHECK_LEAKS", child_leak_env, 1);
    execv("/proc/self/exe", child_args);
    perror("execv");
    _exit(127);
}

static char opt_run[] = "--tml-run-test";
static char opt_status[] = "--tml-status-file";
static char prog_name[] = "calc_test";

/* Runs test `index` (a string, possibly invalid) through the protocol; returns the child's
 * result and puts the status file's content (or "<missing>") in `status`. */
static ChildResult *run_test(const char *index, char *status, size_t cap) {
    static char index_buf[32];
    snprintf(index_buf, sizeof index_buf, "%s", index);
    char *args[] = {prog_name, opt_run, index_buf, opt_status, status_path, NULL};
    memcpy(child_args, args, sizeof args);
    remove(status_path);
    ChildResult *r = run_child(exec_program);
    FILE *f = fopen(status_path, "rb");
    if (f == NULL) {
        snprintf(status, cap, "<missing>");
    } else {
        size_t n = fread(status, 1, cap - 1, f);
        status[n] = '\0';
        fclose(f);
    }
    return r;
}

#define CHECK_RUN(index, exit_status, status_text, out_text, err_text) \
    check_run(__FILE__, __LINE__, (index), (exit_status), (status_text), (out_text), (err_text))

static void check_run(const char *file, int line, const char *index, int exit_status, const char *status_text,
                      const char *out_text, const char *err_text) {
    char status[256];
    ChildResult *r = run_test(index, status, sizeof status);
    if (r->status != exit_status) {
        fprintf(stderr, "%s:%d: test %s exited with %d, expected %d\nstderr: %s\n", file, line, index, r->status,
                exit_status, r->err);
        check_failures++;
    }
    check_streq(file, line, status, status_text);
    check_streq(file, line, r->out, out_text);
    check_streq(file, line, r->err, err_text);
    free(r);
}

static void test_protocol(void) {
    const char *leak_report = "leak check: 1 allocation (16 bytes) still live at exit\n"
                              "  at calc.test.tml:20:5: 1 x Heap[I64] (16 bytes)\n";
    CHECK_RUN("0", 0, "ok\n", "hello from the test\n", "");
#if TML_TRACKING
    CHECK_RUN("1", 3, "ok\n", "", leak_report);
#else
    (void)leak_report;
    CHECK_RUN("1", 0, "ok\n", "", "");
#endif
    CHECK_RUN("2", 1, "returned 2\n", "", "");
    CHECK_RUN("3", 1, "err bad input\nsecond line\n", "", "");
    CHECK_RUN("4", 1, "err Err\n", "", "");
    CHECK_RUN("5", 101, "<missing>", "hello from the test\n",
              "panicked at calc.test.tml:14:13: attempt to divide by zero\n");

    child_leak_env = "0";
    CHECK_RUN("1", 0, "ok\n", "", "");
    child_leak_env = NULL;

    const char *usage = "usage: calc_test [--tml-run-test INDEX --tml-status-file PATH]\n";
    CHECK_RUN("6", 2, "<missing>", "", usage);
    CHECK_RUN("-1", 2, "<missing>", "", usage);
    CHECK_RUN("+1", 2, "<missing>", "", usage);
    CHECK_RUN("x", 2, "<missing>", "", usage);
}

static void list_tests(void) {
    char *args[] = {prog_name, NULL};
    memcpy(child_args, args, sizeof args);
    exec_program();
}

static void test_listing(void) {
    CHECK_CHILD(list_tests, 0,
                "calc.test.tml::passes\ncalc.test.tml::leaks\ncalc.test.tml::returns_two\ncalc.test.tml::err\n"
                "calc.test.tml::err_not_display\ncalc.test.tml::panics\n",
                "");
}

int main(int argc, char **argv) {
    const char *role = getenv("HARNESS_TEST_PROGRAM");
    if (role != NULL && strcmp(role, "1") == 0) {
        return tml_test_main(argc, argv, tests, (int64_t)(sizeof tests / sizeof tests[0]), true);
    }
    char dir[] = "/tmp/tml_harness_XXXXXX";
    if (mkdtemp(dir) == NULL) {
        perror("mkdtemp");
        return 2;
    }
    snprintf(status_path, sizeof status_path, "%s/status", dir);
    test_listing();
    test_protocol();
    remove(status_path);
    rmdir(dir);
    return check_report("harness_test");
}
