/* listsort twin: growable int64 array (doubling realloc), qsort, checksums. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <stdbool.h>

typedef struct { int64_t *data; int64_t len, cap; } Vec;

static void push(Vec *v, int64_t x) {
    if (v->len == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 4;
        v->data = realloc(v->data, (size_t)v->cap * sizeof(int64_t));
        if (!v->data) abort();
    }
    v->data[v->len++] = x;
}

static int cmp(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int main(void) {
    int64_t n = 1000000, seed = 42, total_check = 0;
    for (int round = 0; round < 3; round++) {
        Vec xs = {0};
        for (int64_t i = 0; i < n; i++) {
            seed = (seed * 1103515245 + 12345) % 2147483648LL;
            push(&xs, seed % 1000000 - 500000);
        }
        qsort(xs.data, (size_t)xs.len, sizeof(int64_t), cmp);
        int64_t sum = 0, check = 0;
        for (int64_t i = 0; i < xs.len; i++) {
            sum += xs.data[i];
            check = (check + xs.data[i] * (i % 1000)) % 1000000007;
        }
        bool sorted = true;
        for (int64_t i = 1; i < xs.len; i++)
            if (xs.data[i - 1] > xs.data[i]) sorted = false;
        for (int64_t i = 0, j = xs.len - 1; i < j; i++, j--) {
            int64_t t = xs.data[i]; xs.data[i] = xs.data[j]; xs.data[j] = t;
        }
        int64_t popped = 0;
        while (xs.len > n / 2) popped += xs.data[--xs.len];
        printf("round %d: min %lld max %lld sum %lld check %lld sorted %s popped %lld\n", round,
               (long long)xs.data[xs.len - 1], (long long)xs.data[0], (long long)sum,
               (long long)check, sorted ? "true" : "false", (long long)popped);
        total_check = (total_check + check) % 1000000007;
        free(xs.data);
    }
    printf("total %lld\n", (long long)total_check);
    return 0;
}
