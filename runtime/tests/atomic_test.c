/*
 * atomic_test.c — tml_atomic_increment_if_positive, single-threaded and under contention.
 * Built with TML_TRACKING=1 and =0.
 */
#include "check.h"

#include <pthread.h>
#include <stdint.h>

#include "../src/rt_internal.h"

static void test_single_thread(void) {
    int64_t c = 2;
    CHECK(tml_atomic_increment_if_positive(&c));
    CHECK_I64(c, 3);
    c = 0;
    CHECK(!tml_atomic_increment_if_positive(&c));
    CHECK_I64(c, 0);
    c = -1;
    CHECK(!tml_atomic_increment_if_positive(&c));
    CHECK_I64(c, -1);
}

static int64_t shared_count = 1;

static void *increment_many(void *arg) {
    (void)arg;
    for (int i = 0; i < 10000; i++) tml_atomic_increment_if_positive(&shared_count);
    return NULL;
}

/* Four threads racing: no increment is lost. */
static void test_contention(void) {
    pthread_t threads[4];
    for (int i = 0; i < 4; i++) pthread_create(&threads[i], NULL, increment_many, NULL);
    for (int i = 0; i < 4; i++) pthread_join(threads[i], NULL);
    CHECK_I64(shared_count, 1 + 4 * 10000);
}

int main(void) {
    test_single_thread();
    test_contention();
    return check_report(TML_TRACKING ? "atomic_test (tracking)" : "atomic_test (no tracking)");
}
