/* strings twin: snprintf fields, join into one buffer, split by scanning, manual parse,
   growing a heap string by appending. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

static int64_t parse_i64(const char *s, size_t n) {
    int64_t v = 0;
    size_t i = 0;
    int neg = 0;
    if (i < n && (s[i] == '-' || s[i] == '+')) { neg = s[i] == '-'; i++; }
    for (; i < n; i++) v = v * 10 + (s[i] - '0');
    return neg ? -v : v;
}

int main(void) {
    int64_t total = 0, bytes = 0, hits = 0;
    for (int64_t round = 0; round < 800; round++) {
        char *fields[500];
        size_t lens[500], line_len = 0;
        for (int64_t i = 0; i < 500; i++) {
            char tmp[64];
            int n = snprintf(tmp, sizeof tmp, "key%lld=%lld", (long long)i,
                             (long long)((i * 7919 + round) % 10007));
            fields[i] = malloc((size_t)n + 1);
            memcpy(fields[i], tmp, (size_t)n + 1);
            lens[i] = (size_t)n;
            line_len += (size_t)n;
        }
        line_len += 499;
        char *line = malloc(line_len + 1);
        size_t pos = 0;
        for (int i = 0; i < 500; i++) {
            if (i) line[pos++] = ';';
            memcpy(line + pos, fields[i], lens[i]);
            pos += lens[i];
        }
        line[pos] = 0;
        bytes += (int64_t)line_len;
        const char *p = line, *end = line + line_len;
        while (1) {
            const char *semi = memchr(p, ';', (size_t)(end - p));
            const char *fend = semi ? semi : end;
            const char *eq = memchr(p, '=', (size_t)(fend - p));
            size_t klen = (size_t)(eq - p);
            total += parse_i64(eq + 1, (size_t)(fend - eq - 1)) + (int64_t)klen;
            if (klen > 0 && p[klen - 1] == '7') hits++;
            if (!semi) break;
            p = semi + 1;
        }
        char *grown = malloc(1);
        size_t glen = 0;
        grown[0] = 0;
        for (int64_t j = 0; j < 100; j++) {
            char tmp[32];
            int n = snprintf(tmp, sizeof tmp, "<%lld>", (long long)j);
            grown = realloc(grown, glen + (size_t)n + 1);
            memcpy(grown + glen, tmp, (size_t)n + 1);
            glen += (size_t)n;
        }
        int64_t at = (int64_t)(strstr(grown, "<50>") - grown);
        bytes += (int64_t)glen + at;
        total += 8;
        free(grown);
        free(line);
        for (int i = 0; i < 500; i++) free(fields[i]);
    }
    printf("total %lld bytes %lld hits %lld\n", (long long)total, (long long)bytes, (long long)hits);
    return 0;
}
