/*
 * arena_test.c — the arena's placement, chunk growth, destructor order, reset, generations,
 * handle checks (panics in children) and statistics. Built with TML_TRACKING=1 and =0.
 */
#include "check.h"

#include <stdint.h>

static const TmlSite arena_site = {"arena.tml", 3, 9, "Arena"};
static const TmlSite get_site = {"arena.tml", 10, 21, NULL};

/* Destructor log: the values dropped, in order. */
static int64_t dropped[64];
static int dropped_count;

static void drop_i64(void *value) {
    dropped[dropped_count++] = *(int64_t *)value;
}

static int64_t *alloc_i64(TmlArena *a, int64_t v, bool with_drop) {
    int64_t *p = tml_arena_alloc(a, 8, 8, with_drop ? drop_i64 : NULL);
    *p = v;
    return p;
}

static void test_placement_and_growth(void) {
    int64_t live0 = tml_live_allocations();
    TmlArena *a = tml_arena_new(10, &arena_site); /* rounded up to 64 */
    CHECK_I64(tml_arena_total_capacity(a), 64);
    CHECK_I64(tml_arena_chunk_count(a), 1);
    unsigned char *c = tml_arena_alloc(a, 1, 1, NULL);
    int64_t *x = alloc_i64(a, 7, false);
    CHECK((uintptr_t)x % 8 == 0);
    CHECK((unsigned char *)x == c + 8); /* padding after the byte */
    CHECK_I64(tml_arena_bytes_allocated(a), 9);
    /* 56 bytes do not fit in the 48 left after offset 16: a new chunk of max(128, 72). */
    unsigned char *big = tml_arena_alloc(a, 56, 16, NULL);
    CHECK((uintptr_t)big % 16 == 0);
    CHECK_I64(tml_arena_chunk_count(a), 2);
    CHECK_I64(tml_arena_total_capacity(a), 64 + 128);
    /* Room is left in the first chunk, but allocation only moves forward. */
    unsigned char *small = tml_arena_alloc(a, 8, 8, NULL);
    CHECK(small == big + 56);
    /* A large value: chunk of size + align. */
    tml_arena_alloc(a, 1000, 8, NULL);
    CHECK_I64(tml_arena_chunk_count(a), 3);
    CHECK_I64(tml_arena_total_capacity(a), 64 + 128 + 1008);
    CHECK_I64(tml_arena_allocation_count(a), 5);
    CHECK_I64(tml_arena_bytes_allocated(a), 1 + 8 + 56 + 8 + 1000);
#if TML_TRACKING
    CHECK_I64(tml_live_allocations(), live0 + 3);
#endif
    /* After a reset allocation restarts in the first chunk; chunks are kept. */
    tml_arena_reset(a);
    CHECK(tml_arena_alloc(a, 1, 1, NULL) == c);
    CHECK_I64(tml_arena_chunk_count(a), 3);
    CHECK_I64(tml_arena_bytes_allocated(a), 1);
    CHECK_I64(tml_arena_peak_bytes(a), 1073);
    CHECK_I64(tml_arena_allocation_count(a), 1);
    CHECK_I64(tml_arena_reset_count(a), 1);
    /* Zero-sized values take no room. */
    CHECK(tml_arena_alloc(a, 0, 1, NULL) == c + 1);
    tml_arena_drop(a);
    CHECK_I64(tml_live_allocations(), live0);
}

static void test_destructors_and_generations(void) {
    TmlArena *a = tml_arena_new(4096, &arena_site);
    TmlArena *b = tml_arena_new(64, &arena_site);
    CHECK(tml_arena_id(a) != tml_arena_id(b));
    CHECK_I64(tml_arena_generation(a), 0);
    int64_t id = tml_arena_id(a);
    alloc_i64(a, 1, true);
    alloc_i64(a, 2, false);
    alloc_i64(a, 3, true);
    alloc_i64(a, 4, true);
    dropped_count = 0;
    CHECK(tml_arena_is_valid(a, id, 0));
    CHECK(!tml_arena_is_valid(b, id, 0));
    tml_arena_reset(a);
    CHECK_I64(dropped_count, 3);
    CHECK_I64(dropped[0], 4);
    CHECK_I64(dropped[1], 3);
    CHECK_I64(dropped[2], 1);
    CHECK_I64(tml_arena_generation(a), 1);
    CHECK(!tml_arena_is_valid(a, id, 0));
    CHECK(tml_arena_is_valid(a, id, 1));
    tml_arena_check(a, id, 1, &get_site);
    alloc_i64(a, 5, true);
    alloc_i64(a, 6, true);
    dropped_count = 0;
    tml_arena_drop(a);
    CHECK_I64(dropped_count, 2);
    CHECK_I64(dropped[0], 6);
    CHECK_I64(dropped[1], 5);
    tml_arena_drop(b);
}

/* An arena allocated inside another is dropped (running its own destructors) by the outer. */
static void drop_inner_arena(void *value) {
    tml_arena_drop(*(TmlArena **)value);
}

static void test_nested(void) {
    int64_t live0 = tml_live_allocations();
    TmlArena *outer = tml_arena_new(256, &arena_site);
    TmlArena **slot = tml_arena_alloc(outer, sizeof(TmlArena *), 8, drop_inner_arena);
    *slot = tml_arena_new(64, &arena_site);
    alloc_i64(*slot, 10, true);
    alloc_i64(outer, 20, true);
    dropped_count = 0;
    tml_arena_drop(outer);
    CHECK_I64(dropped_count, 2);
    CHECK_I64(dropped[0], 20);
    CHECK_I64(dropped[1], 10);
    CHECK_I64(tml_live_allocations(), live0);
}

static void stale_handle(void) {
    TmlArena *a = tml_arena_new(64, &arena_site);
    int64_t id = tml_arena_id(a);
    tml_arena_reset(a);
    tml_arena_check(a, id, 0, &get_site);
}

static void foreign_handle(void) {
    TmlArena *a = tml_arena_new(64, &arena_site);
    TmlArena *b = tml_arena_new(64, &arena_site);
    tml_arena_check(b, tml_arena_id(a), 0, &get_site);
}

static void test_handle_panics(void) {
    CHECK_CHILD(stale_handle, 101, "",
                "panicked at arena.tml:10:21: stale arena handle: value was allocated in generation 0, arena is at "
                "generation 1 (reset after allocation)\n");
    CHECK_CHILD(foreign_handle, 101, "",
                "panicked at arena.tml:10:21: arena handle belongs to a different arena (was its arena dropped?)\n");
}

int main(void) {
    test_placement_and_growth();
    test_destructors_and_generations();
    test_nested();
    test_handle_panics();
    return check_report(TML_TRACKING ? "arena_test (tracking)" : "arena_test (no tracking)");
}
