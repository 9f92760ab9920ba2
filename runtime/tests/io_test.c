/*
 * io_test.c — output buffering and ordering, panics, exit(), the stack-overflow handler and
 * command-line arguments. Everything runs in child processes; most children send stderr to
 * the stdout capture (dup2) so that the interleaving of the two streams is visible.
 */
#include "check.h"

#include <signal.h>
#include <sys/mman.h>
#include <stdint.h>

TML_LIT(lit_a, "a");
TML_LIT(lit_b, "b");
TML_LIT(lit_c, "c");
TML_LIT(lit_before, "before");
TML_LIT(lit_multi, "assertion `left == right` failed\n  left: 4\n right: 5");

static const TmlSite site = {"io.tml", 12, 5, NULL};
static const TmlSite heap_site = {"io.tml", 3, 14, "Heap[I64]"};

static void merge_stderr_into_stdout(void) {
    dup2(STDOUT_FILENO, STDERR_FILENO);
}

static void order(void) {
    merge_stderr_into_stdout();
    tml_rt_init(0, NULL, true);
    tml_print(&lit_a, 1, false);
    tml_print(&lit_b, 2, true);
    tml_print(&lit_c, 1, true);
    tml_print(&lit_a, 2, false);
    tml_print(&lit_b, 1, false);
    _exit(tml_rt_shutdown(0));
}

/* Until something is written to stderr or the process ends, stdout stays in the buffer. */
static void buffered(void) {
    tml_rt_init(0, NULL, true);
    tml_print(&lit_a, 1, true);
    _exit(9);
}

static void big_output(void) {
    merge_stderr_into_stdout();
    tml_rt_init(0, NULL, true);
    TmlStr *line = tml_str_repeat(&lit_a, 999, &site);
    for (int i = 0; i < 100; i++) tml_print(line, 1, true);
    tml_str_release(line);
    TmlStr *huge = tml_str_repeat(&lit_b, 70000, &site);
    tml_print(huge, 1, false);
    tml_str_release(huge);
    tml_print(&lit_c, 2, true);
    _exit(tml_rt_shutdown(0));
}

static void panic_after_output(void) {
    merge_stderr_into_stdout();
    tml_rt_init(0, NULL, true);
    tml_alloc(8, 8, &heap_site); /* leaked, but a panic runs no leak check */
    tml_print(&lit_before, 1, true);
    tml_panic(&site, "boom");
}

static void panic_str(void) {
    tml_rt_init(0, NULL, true);
    tml_panic_str(&site, &lit_multi);
}

static void panic_bounds(void) {
    tml_rt_init(0, NULL, true);
    tml_panic_bounds(&site, 3, 7);
}

static void exit_code(void) {
    merge_stderr_into_stdout();
    tml_rt_init(0, NULL, true);
    tml_alloc(8, 8, &heap_site); /* leaked, but exit() runs no leak check */
    tml_print(&lit_before, 1, false);
    tml_exit(7);
}

static int recurse(int depth) {
    volatile char pad[256];
    pad[0] = (char)depth;
    if (depth == INT32_MAX) return 0;
    return recurse(depth + 1) + pad[0];
}

static void stack_overflow(void) {
    tml_rt_init(0, NULL, true);
    tml_print(&lit_before, 1, true);
    recurse(0);
}

/* A fault away from the stack (an inaccessible page; not a null pointer, which UBSan would
 * catch first) must still end the process with SIGSEGV. */
static void real_crash(void) {
    tml_rt_init(0, NULL, true);
    volatile int *p = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if ((void *)p == MAP_FAILED) _exit(2);
    *p = 1;
}

static void killed(void) {
    tml_rt_init(0, NULL, true);
    raise(SIGSEGV);
}

static char arg0[] = "prog";
static char arg1[] = "one";
static char arg2[] = "b\xc3\xa9ta";

static void args(void) {
    char *argv[] = {arg0, arg1, arg2, NULL};
    tml_rt_init(3, argv, true);
    char line[64];
    snprintf(line, sizeof line, "%lld", (long long)tml_arg_count());
    TmlStr *count = S(line);
    tml_print(count, 1, true);
    tml_str_release(count);
    for (int64_t i = 0; i < tml_arg_count(); i++) {
        TmlStr *a = tml_arg(i, &site);
        tml_print(a, 1, true);
        tml_str_release(a);
    }
    tml_arg(2, &site);
}

static void no_args(void) {
    char *argv[] = {arg0, NULL};
    tml_rt_init(1, argv, true);
    _exit((int)tml_arg_count());
}

static void test_output(void) {
    CHECK_CHILD(order, 0, "ab\nc\nab", "");
    CHECK_CHILD(buffered, 9, "", "");

    ChildResult *r = run_child(big_output);
    CHECK_I64(r->status, 0);
    size_t len = strlen(r->out);
    CHECK_I64(len, 100 * 1000 + 70000 + 2);
    CHECK(len > 2 && r->out[0] == 'a' && r->out[999] == '\n' && r->out[100000] == 'b');
    CHECK(strcmp(r->out + len - 3, "bc\n") == 0);
    free(r);
}

static void test_panics_and_exit(void) {
    CHECK_CHILD(panic_after_output, 101, "before\npanicked at io.tml:12:5: boom\n", "");
    CHECK_CHILD(panic_str, 101, "",
                "panicked at io.tml:12:5: assertion `left == right` failed\n  left: 4\n right: 5\n");
    CHECK_CHILD(panic_bounds, 101, "", "panicked at io.tml:12:5: index out of bounds: the len is 3 but the index is 7\n");
    CHECK_CHILD(exit_code, 7, "before", "");
    CHECK_CHILD(stack_overflow, 101, "before\n", "panicked: stack overflow\n");

    ChildResult *r = run_child(real_crash);
    CHECK_I64(r->status, 128 + SIGSEGV);
    CHECK(strstr(r->err, "stack overflow") == NULL);
    free(r);
    r = run_child(killed);
    CHECK_I64(r->status, 128 + SIGSEGV);
    CHECK(strstr(r->err, "stack overflow") == NULL);
    free(r);
}

static void test_args(void) {
    CHECK_CHILD(args, 101, "2\none\nb\xc3\xa9ta\n",
                "panicked at io.tml:12:5: index out of bounds: the len is 2 but the index is 2\n");
    CHECK_CHILD(no_args, 0, "", "");
}

int main(void) {
    test_output();
    test_panics_and_exit();
    test_args();
    return check_report("io_test");
}
