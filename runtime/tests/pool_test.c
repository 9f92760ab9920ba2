/*
 * pool_test.c — pool slots, LIFO free list, growth policies, statistics, release to the wrong
 * pool (panic in a child) and dropping a pool with outstanding objects (leak report event).
 * Built with TML_TRACKING=1 and =0.
 */
#include "check.h"

#include <stdint.h>

static const TmlSite pool_site = {"pool.tml", 12, 33, "Pool[Conn]"};
static const TmlSite use_site = {"pool.tml", 20, 5, NULL};

static int64_t closed[64];
static int closed_count;

static void close_conn(void *value) {
    closed[closed_count++] = *(int32_t *)value;
}

static int32_t *acquire(TmlPool *p, int32_t id) {
    int32_t *slot = tml_pool_acquire(p);
    if (slot != NULL) *slot = id;
    return slot;
}

static void test_doubling_pool(void) {
    int64_t live0 = tml_live_allocations();
    TmlPool *p = tml_pool_new(4, 4, 2, TML_GROW_DOUBLING, 0, close_conn, &pool_site);
    int32_t *a = acquire(p, 1);
    int32_t *b = acquire(p, 2);
    int32_t *c = acquire(p, 3);
    CHECK_I64(tml_pool_slot_index(p, a), 0);
    CHECK_I64(tml_pool_slot_index(p, b), 1);
    CHECK_I64(tml_pool_slot_index(p, c), 2);
    CHECK_I64(tml_pool_capacity(p), 4);
    CHECK_I64(tml_pool_in_use(p), 3);
    closed_count = 0;
    tml_pool_release(p, b, &use_site);
    CHECK_I64(closed_count, 1);
    CHECK_I64(closed[0], 2);
    int32_t *d = acquire(p, 4);
    CHECK_I64(tml_pool_slot_index(p, d), 1); /* LIFO: the slot just released */
    tml_pool_release(p, a, &use_site);
    CHECK_I64(tml_pool_in_use(p), 2);
    CHECK_I64(tml_pool_available(p), 2);
    CHECK_I64(tml_pool_high_water(p), 3);
    CHECK_I64(tml_pool_acquire_count(p), 4);
    CHECK_I64(tml_pool_grow_count(p), 1);
    /* into_inner: the value is moved out, no drop. */
    closed_count = 0;
    tml_pool_vacate(p, d, &use_site);
    CHECK_I64(closed_count, 0);
    tml_pool_release(p, c, &use_site);
    tml_pool_drop(p);
    CHECK_I64(tml_live_allocations(), live0);
}

static void test_fixed_and_linear(void) {
    TmlPool *f = tml_pool_new(4, 4, 1, TML_GROW_FIXED, 0, NULL, &pool_site);
    int32_t *x = acquire(f, 10);
    CHECK(x != NULL);
    CHECK(acquire(f, 11) == NULL);
    CHECK_I64(tml_pool_acquire_count(f), 1);
    tml_pool_release(f, x, &use_site);
    tml_pool_drop(f);

    TmlPool *l = tml_pool_new(24, 8, 1, TML_GROW_LINEAR, 3, NULL, &pool_site);
    void *s0 = tml_pool_acquire(l);
    void *s1 = tml_pool_acquire(l);
    void *s2 = tml_pool_acquire(l);
    CHECK_I64(tml_pool_capacity(l), 4);
    CHECK_I64(tml_pool_slot_index(l, s1), 1);
    CHECK_I64(tml_pool_slot_index(l, s2), 2); /* lowest new slot was on top */
    CHECK((uintptr_t)s1 % 8 == 0);
    CHECK_I64(tml_pool_available(l), 1);
    tml_pool_release(l, s0, &use_site);
    tml_pool_release(l, s1, &use_site);
    tml_pool_release(l, s2, &use_site);
    tml_pool_drop(l);

    TmlPool *z = tml_pool_new(0, 1, 2, TML_GROW_LINEAR, 0, NULL, &pool_site);
    void *z0 = tml_pool_acquire(z);
    void *z1 = tml_pool_acquire(z);
    CHECK(z0 != z1);
    CHECK(tml_pool_acquire(z) == NULL); /* Linear(0) cannot grow */
    tml_pool_release(z, z0, &use_site);
    tml_pool_release(z, z1, &use_site);
    tml_pool_drop(z);
}

static void wrong_pool(void) {
    TmlPool *a = tml_pool_new(4, 4, 1, TML_GROW_FIXED, 0, NULL, &pool_site);
    TmlPool *b = tml_pool_new(4, 4, 1, TML_GROW_FIXED, 0, NULL, &pool_site);
    tml_pool_release(b, tml_pool_acquire(a), &use_site);
}

static void zero_capacity(void) {
    tml_pool_new(4, 4, 0, TML_GROW_DOUBLING, 0, NULL, &pool_site);
}

/* The pool is dropped first; the outstanding objects are dropped later (storage kept alive
 * until then), and the event is still reported. */
static void dropped_with_outstanding(void) {
    tml_rt_init(0, NULL, true);
    TmlPool *p = tml_pool_new(4, 4, 2, TML_GROW_FIXED, 0, close_conn, &pool_site);
    int32_t *a = acquire(p, 1);
    int32_t *b = acquire(p, 2);
    tml_pool_drop(p);
    *a = 5;
    tml_pool_release(p, a, &use_site);
    tml_pool_release(p, b, &use_site);
    _exit(tml_rt_shutdown(0));
}

static void dropped_with_one_leaked(void) {
    tml_rt_init(0, NULL, true);
    TmlPool *p = tml_pool_new(4, 4, 2, TML_GROW_FIXED, 0, NULL, &pool_site);
    acquire(p, 1);
    tml_pool_drop(p);
    _exit(tml_rt_shutdown(0));
}

static void test_panics_and_events(void) {
    CHECK_CHILD(wrong_pool, 101, "", "panicked at pool.tml:20:5: pooled object released to a different pool\n");
    CHECK_CHILD(zero_capacity, 101, "", "panicked at pool.tml:12:33: pool capacity must be at least 1 (got 0)\n");
    CHECK_CHILD(dropped_with_outstanding, 3, "",
                "leak check: 0 allocations (0 bytes) still live at exit\n"
                "  at pool.tml:12:33: pool dropped while 2 objects were still acquired\n");
#if TML_TRACKING
    CHECK_CHILD(dropped_with_one_leaked, 3, "",
                "leak check: 1 allocation (8 bytes) still live at exit\n"
                "  at pool.tml:12:33: 1 x Pool[Conn] (8 bytes)\n"
                "  at pool.tml:12:33: pool dropped while 1 object was still acquired\n");
#else
    CHECK_CHILD(dropped_with_one_leaked, 3, "",
                "leak check: 0 allocations (0 bytes) still live at exit\n"
                "  at pool.tml:12:33: pool dropped while 1 object was still acquired\n");
#endif
}

int main(void) {
    test_doubling_pool();
    test_fixed_and_linear();
    test_panics_and_events();
    return check_report(TML_TRACKING ? "pool_test (tracking)" : "pool_test (no tracking)");
}
