/* intmath twin: sieve on a malloc'd bool array, Collatz chain lengths. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <stdbool.h>

static bool *sieve(int64_t n) {
    bool *composite = malloc((size_t)(n + 1));
    if (!composite) abort();
    for (int64_t i = 0; i <= n; i++) composite[i] = false;
    composite[0] = composite[1] = true;
    for (int64_t p = 2; p * p <= n; p++)
        if (!composite[p])
            for (int64_t m = p * p; m <= n; m += p) composite[m] = true;
    return composite;
}

static int64_t collatz_len(int64_t n) {
    int64_t steps = 1;
    while (n != 1) {
        if (n % 2 == 0) n = n / 2; else n = 3 * n + 1;
        steps++;
    }
    return steps;
}

int main(void) {
    int64_t limit = 5000000;
    bool *composite = sieve(limit);
    int64_t count = 0, sum = 0, last = 0;
    for (int64_t i = 0; i <= limit; i++)
        if (!composite[i]) { count++; sum += i; last = i; }
    printf("primes <= %lld: %lld, sum %lld, largest %lld\n", (long long)limit, (long long)count,
           (long long)sum, (long long)last);
    free(composite);
    int64_t climit = 1000000, best = 1, best_len = 1, total = 0;
    for (int64_t s = 1; s < climit; s++) {
        int64_t l = collatz_len(s);
        total += l;
        if (l > best_len) { best_len = l; best = s; }
    }
    printf("collatz below %lld: longest start %lld (%lld terms), total terms %lld\n",
           (long long)climit, (long long)best, (long long)best_len, (long long)total);
    return 0;
}
