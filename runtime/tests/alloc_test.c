/*
 * alloc_test.c — the tracked allocator, live counters and the leak report.
 * Built with TML_TRACKING=1 and =0; the expectations differ where tracking matters.
 */
#include "check.h"

#include <stdint.h>

static const TmlSite heap_site = {"main.tml", 7, 13, "Heap[I64]"};
static const TmlSite heap_site_b = {"main.tml", 7, 13, "Heap[Str]"};
static const TmlSite early_site = {"main.tml", 3, 9, "List[I32]"};
static const TmlSite late_col_site = {"main.tml", 7, 20, "Heap[I64]"};
static const TmlSite other_file_site = {"lib.tml", 40, 1, "Pool[Node]"};
static const TmlSite raw_site = {"main.tml", 9, 5, NULL};

static void test_counts(void) {
    int64_t blocks0 = tml_live_allocations();
    int64_t bytes0 = tml_live_bytes();
    void *a = tml_alloc(24, 8, &heap_site);
    void *b = tml_alloc_zeroed(100, 16, &heap_site);
    void *c = tml_alloc(0, 0, &heap_site);
    void *d = tml_alloc(0, 1, &heap_site);
    CHECK(a != NULL && b != NULL && c != NULL && d != NULL);
    CHECK(c != d);
    CHECK((uintptr_t)a % 8 == 0);
    CHECK((uintptr_t)b % 16 == 0);
    CHECK((uintptr_t)c % 16 == 0);
    unsigned char *zb = b;
    int nonzero = 0;
    for (int i = 0; i < 100; i++) nonzero += zb[i] != 0;
    CHECK_I64(nonzero, 0);
    memset(a, 0xAB, 24);
#if TML_TRACKING
    CHECK_I64(tml_live_allocations(), blocks0 + 4);
    CHECK_I64(tml_live_bytes(), bytes0 + 124);
#else
    CHECK_I64(tml_live_allocations(), 0);
    CHECK_I64(tml_live_bytes(), 0);
#endif
    a = tml_realloc(a, 4000, 8, &heap_site);
    CHECK(((unsigned char *)a)[23] == 0xAB);
    CHECK((uintptr_t)a % 16 == 0);
    void *e = tml_realloc(NULL, 10, 4, &raw_site);
#if TML_TRACKING
    CHECK_I64(tml_live_allocations(), blocks0 + 5);
    CHECK_I64(tml_live_bytes(), bytes0 + 4110);
#endif
    tml_free(a);
    tml_free(b);
    tml_free(NULL);
#if TML_TRACKING
    CHECK_I64(tml_live_allocations(), blocks0 + 3);
    CHECK_I64(tml_live_bytes(), bytes0 + 10);
#endif
    tml_free(c);
    tml_free(d);
    tml_free(e);
    CHECK_I64(tml_live_allocations(), blocks0);
    CHECK_I64(tml_live_bytes(), bytes0);
}

static void test_many_blocks(void) {
    enum { N = 1000 };
    void *blocks[N];
    for (int i = 0; i < N; i++) blocks[i] = tml_alloc(i % 17, 16, &heap_site);
    /* Free in an interleaved order to exercise removal from the middle of the live set. */
    for (int i = 0; i < N; i += 2) tml_free(blocks[i]);
    for (int i = N - 1; i >= 0; i -= 2) tml_free(blocks[i]);
    CHECK_I64(tml_live_allocations(), 0);
    CHECK_I64(tml_live_bytes(), 0);
}

/* ---------------------------------------------------------------- leak report (children) */

TML_LIT(printed, "printed");

static void leak_mixed(void) {
    static char arg0[] = "prog";
    char *argv[] = {arg0, NULL};
    tml_rt_init(1, argv, true);
    void *freed = tml_alloc(64, 8, &heap_site);
    tml_alloc(16, 8, &heap_site);
    tml_alloc(16, 8, &heap_site);
    tml_alloc(8, 8, &heap_site_b);
    tml_alloc(32, 8, &late_col_site);
    tml_alloc(40, 8, &early_site);
    tml_alloc(48, 16, &other_file_site);
    tml_alloc(5, 1, &raw_site);
    tml_alloc(1, 1, NULL);
    tml_free(freed);
    tml_print(&printed, 1, true);
    _exit(tml_rt_shutdown(0));
}

static void leak_one(void) {
    tml_rt_init(0, NULL, true);
    tml_alloc(16, 8, &heap_site);
    _exit(tml_rt_shutdown(7));
}

static void leak_none(void) {
    tml_rt_init(0, NULL, true);
    tml_free(tml_alloc(16, 8, &heap_site));
    _exit(tml_rt_shutdown(5));
}

static void leak_env_disabled(void) {
    setenv("TML_CHECK_LEAKS", "0", 1);
    tml_rt_init(0, NULL, true);
    tml_alloc(16, 8, &heap_site);
    _exit(tml_rt_shutdown(0));
}

static void leak_env_enabled(void) {
    setenv("TML_CHECK_LEAKS", "1", 1);
    tml_rt_init(0, NULL, true);
    tml_alloc(16, 8, &heap_site);
    _exit(tml_rt_shutdown(0));
}

static void leak_compile_time_off(void) {
    tml_rt_init(0, NULL, false);
    tml_alloc(16, 8, &heap_site);
    _exit(tml_rt_shutdown(4));
}

static void leak_realloc_site(void) {
    tml_rt_init(0, NULL, true);
    void *p = tml_alloc(16, 8, &heap_site);
    tml_realloc(p, 80, 8, &early_site);
    _exit(tml_rt_shutdown(0));
}

static void test_leak_report(void) {
#if TML_TRACKING
    CHECK_CHILD(leak_mixed, 3, "printed\n",
                "leak check: 8 allocations (166 bytes) still live at exit\n"
                "  at <unknown>:0:0: 1 x raw (1 bytes)\n"
                "  at lib.tml:40:1: 1 x Pool[Node] (48 bytes)\n"
                "  at main.tml:3:9: 1 x List[I32] (40 bytes)\n"
                "  at main.tml:7:13: 2 x Heap[I64] (32 bytes)\n"
                "  at main.tml:7:13: 1 x Heap[Str] (8 bytes)\n"
                "  at main.tml:7:20: 1 x Heap[I64] (32 bytes)\n"
                "  at main.tml:9:5: 1 x raw (5 bytes)\n");
    CHECK_CHILD(leak_one, 3, "",
                "leak check: 1 allocation (16 bytes) still live at exit\n"
                "  at main.tml:7:13: 1 x Heap[I64] (16 bytes)\n");
    CHECK_CHILD(leak_env_enabled, 3, "",
                "leak check: 1 allocation (16 bytes) still live at exit\n"
                "  at main.tml:7:13: 1 x Heap[I64] (16 bytes)\n");
    CHECK_CHILD(leak_realloc_site, 3, "",
                "leak check: 1 allocation (80 bytes) still live at exit\n"
                "  at main.tml:3:9: 1 x List[I32] (80 bytes)\n");
#else
    CHECK_CHILD(leak_mixed, 0, "printed\n", "");
    CHECK_CHILD(leak_one, 7, "", "");
    CHECK_CHILD(leak_env_enabled, 0, "", "");
    CHECK_CHILD(leak_realloc_site, 0, "", "");
#endif
    CHECK_CHILD(leak_none, 5, "", "");
    CHECK_CHILD(leak_env_disabled, 0, "", "");
    CHECK_CHILD(leak_compile_time_off, 4, "", "");
}

static void alloc_negative(void) {
    tml_alloc(-1, 8, &heap_site);
}

static void alloc_bad_align(void) {
    tml_alloc(8, 3, &heap_site);
}

static void test_alloc_panics(void) {
    CHECK_CHILD(alloc_negative, 101, "", "panicked at main.tml:7:13: memory allocation of -1 bytes failed\n");
    CHECK_CHILD(alloc_bad_align, 101, "", "panicked at main.tml:7:13: invalid allocation alignment 3\n");
}

int main(void) {
    test_counts();
    test_many_blocks();
    test_leak_report();
    test_alloc_panics();
    return check_report(TML_TRACKING ? "alloc_test (tracking)" : "alloc_test (no tracking)");
}
