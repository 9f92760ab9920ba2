/* wordcount twin: lines joined with memcpy, split by scanning; an open-addressing hash
   table (FNV-1a) keyed by (pointer, length) slices of the lines, with an entry array in
   first-seen order. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

static int64_t next(int64_t seed) { return (seed * 1103515245 + 12345) % 2147483648LL; }

typedef struct { const char *key; size_t len; int64_t count; } Entry;

static Entry *entries;
static size_t n_entries, cap_entries;
static int64_t *slots; /* index into entries, or -1 */
static size_t n_slots;

static uint64_t hash(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) { h ^= (unsigned char)s[i]; h *= 1099511628211ULL; }
    return h;
}

static void rehash(size_t new_slots) {
    free(slots);
    slots = malloc(new_slots * sizeof(int64_t));
    for (size_t i = 0; i < new_slots; i++) slots[i] = -1;
    n_slots = new_slots;
    for (size_t e = 0; e < n_entries; e++) {
        size_t i = hash(entries[e].key, entries[e].len) & (n_slots - 1);
        while (slots[i] >= 0) i = (i + 1) & (n_slots - 1);
        slots[i] = (int64_t)e;
    }
}

static void count_word(const char *w, size_t n) {
    size_t i = hash(w, n) & (n_slots - 1);
    while (slots[i] >= 0) {
        Entry *e = &entries[slots[i]];
        if (e->len == n && memcmp(e->key, w, n) == 0) { e->count++; return; }
        i = (i + 1) & (n_slots - 1);
    }
    if (n_entries == cap_entries) {
        cap_entries = cap_entries ? cap_entries * 2 : 16;
        entries = realloc(entries, cap_entries * sizeof(Entry));
    }
    entries[n_entries] = (Entry){w, n, 1};
    slots[i] = (int64_t)n_entries++;
    if (n_entries * 4 > n_slots * 3) rehash(n_slots * 2);
}

int main(void) {
    int64_t seed = 7;
    char *vocab[5000];
    size_t vlen[5000];
    for (int i = 0; i < 5000; i++) {
        seed = next(seed);
        int64_t len = 2 + seed % 8;
        vocab[i] = malloc((size_t)len + 1);
        for (int64_t j = 0; j < len; j++) {
            seed = next(seed);
            vocab[i][j] = (char)(97 + seed % 26);
        }
        vocab[i][len] = 0;
        vlen[i] = (size_t)len;
    }
    char *lines[40000];
    size_t line_len[40000], text_bytes = 0;
    for (int l = 0; l < 40000; l++) {
        int picked[50];
        size_t len = 0;
        for (int i = 0; i < 50; i++) {
            seed = next(seed);
            int64_t a = (seed >> 8) % 5000;
            seed = next(seed);
            int64_t b = (seed >> 8) % 5000;
            picked[i] = (int)(a < b ? a : b);
            len += vlen[picked[i]] + (i ? 1 : 0);
        }
        char *line = malloc(len + 1);
        size_t pos = 0;
        for (int i = 0; i < 50; i++) {
            if (i) line[pos++] = ' ';
            memcpy(line + pos, vocab[picked[i]], vlen[picked[i]]);
            pos += vlen[picked[i]];
        }
        line[pos] = 0;
        lines[l] = line;
        line_len[l] = len;
        text_bytes += len + 1;
    }
    rehash(16);
    for (int l = 0; l < 40000; l++) {
        const char *p = lines[l], *end = lines[l] + line_len[l];
        while (1) {
            const char *sp = memchr(p, ' ', (size_t)(end - p));
            const char *wend = sp ? sp : end;
            count_word(p, (size_t)(wend - p));
            if (!sp) break;
            p = sp + 1;
        }
    }
    const char *best = "";
    size_t best_len = 0;
    int64_t best_count = 0, weighted = 0, total = 0;
    for (size_t e = 0; e < n_entries; e++) {
        int64_t c = entries[e].count;
        total += c;
        weighted += c * (int64_t)entries[e].len;
        if (c > best_count) { best_count = c; best = entries[e].key; best_len = entries[e].len; }
    }
    printf("text bytes %zu, words %lld, distinct %zu, weighted %lld\n", text_bytes, (long long)total,
           n_entries, (long long)weighted);
    printf("most frequent: %.*s x%lld\n", (int)best_len, best, (long long)best_count);
    free(entries); free(slots);
    for (int l = 0; l < 40000; l++) free(lines[l]);
    for (int i = 0; i < 5000; i++) free(vocab[i]);
    return 0;
}
