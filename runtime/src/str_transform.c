/*
 * str_transform.c — Str methods that build a new string from an old one: ASCII case mapping,
 * trimming, replace and repeat (LANGUAGE.md §14.3). All borrow their inputs and return a new
 * reference allocated at `site`.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "rt_internal.h"

static TmlStr *map_ascii(const TmlStr *s, const TmlSite *site, uint8_t from_lo, uint8_t from_hi, int delta) {
    TmlStr *out = tml_rt_str_alloc(s->len, site);
    for (int64_t i = 0; i < s->len; i++) {
        uint8_t b = s->data[i];
        out->data[i] = (b >= from_lo && b <= from_hi) ? (uint8_t)(b + delta) : b;
    }
    return out;
}

/* Copy with ASCII a–z mapped to A–Z; all other bytes unchanged. */
TmlStr *tml_str_to_uppercase(const TmlStr *s, const TmlSite *site) {
    return map_ascii(s, site, 'a', 'z', 'A' - 'a');
}

/* Copy with ASCII A–Z mapped to a–z; all other bytes unchanged. */
TmlStr *tml_str_to_lowercase(const TmlStr *s, const TmlSite *site) {
    return map_ascii(s, site, 'A', 'Z', 'a' - 'A');
}

static bool is_trim_space(uint8_t b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
}

static int64_t first_non_space(const TmlStr *s) {
    int64_t i = 0;
    while (i < s->len && is_trim_space(s->data[i])) i++;
    return i;
}

static int64_t end_of_non_space(const TmlStr *s, int64_t start) {
    int64_t end = s->len;
    while (end > start && is_trim_space(s->data[end - 1])) end--;
    return end;
}

/* Copy without leading and trailing ASCII space, \t, \n, \r. */
TmlStr *tml_str_trim(const TmlStr *s, const TmlSite *site) {
    int64_t start = first_non_space(s);
    return tml_str_from_bytes(s->data + start, end_of_non_space(s, start) - start, site);
}

/* Copy without leading ASCII space, \t, \n, \r. */
TmlStr *tml_str_trim_start(const TmlStr *s, const TmlSite *site) {
    int64_t start = first_non_space(s);
    return tml_str_from_bytes(s->data + start, s->len - start, site);
}

/* Copy without trailing ASCII space, \t, \n, \r. */
TmlStr *tml_str_trim_end(const TmlStr *s, const TmlSite *site) {
    return tml_str_from_bytes(s->data, end_of_non_space(s, 0), site);
}

/* Copy of `s` with every non-overlapping occurrence of `from` (scanning left to right)
 * replaced by `to`. Panics with `replace: empty pattern` when `from` is empty and with
 * `capacity overflow` when the result would not fit in int64_t. */
TmlStr *tml_str_replace(const TmlStr *s, const TmlStr *from, const TmlStr *to, const TmlSite *site) {
    if (from->len == 0) tml_panic(site, "replace: empty pattern");
    int64_t count = 0;
    for (int64_t at = tml_str_find(s, from, 0); at >= 0; at = tml_str_find(s, from, at + from->len)) count++;
    int64_t growth = to->len - from->len;
    if (growth > 0 && count > (INT64_MAX - s->len) / growth) tml_panic(site, "capacity overflow");
    TmlStr *out = tml_rt_str_alloc(s->len + count * growth, site);
    uint8_t *w = out->data;
    int64_t copied = 0;
    for (int64_t at = tml_str_find(s, from, 0); at >= 0; at = tml_str_find(s, from, at + from->len)) {
        memcpy(w, s->data + copied, (size_t)(at - copied));
        w += at - copied;
        if (to->len > 0) memcpy(w, to->data, (size_t)to->len);
        w += to->len;
        copied = at + from->len;
    }
    memcpy(w, s->data + copied, (size_t)(s->len - copied));
    return out;
}

/* `n` copies of `s` back to back. Panics with `repeat: negative count N` when n < 0 and with
 * `capacity overflow` when the result would not fit in int64_t. */
TmlStr *tml_str_repeat(const TmlStr *s, int64_t n, const TmlSite *site) {
    if (n < 0) {
        char msg[64];
        snprintf(msg, sizeof msg, "repeat: negative count %" PRId64, n);
        tml_panic(site, msg);
    }
    if (s->len > 0 && n > INT64_MAX / s->len) tml_panic(site, "capacity overflow");
    TmlStr *out = tml_rt_str_alloc(s->len * n, site);
    for (int64_t i = 0; i < n && s->len > 0; i++) memcpy(out->data + i * s->len, s->data, (size_t)s->len);
    return out;
}
