/*
 * atomic.c — compare-and-swap helpers for the stdlib's `Sync[T]` counts (tml_runtime.h).
 */
#include "rt_internal.h"

bool tml_atomic_increment_if_positive(int64_t *count) {
    int64_t seen = __atomic_load_n(count, __ATOMIC_SEQ_CST);
    while (seen > 0) {
        if (__atomic_compare_exchange_n(count, &seen, seen + 1, true, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
            return true;
        }
    }
    return false;
}
