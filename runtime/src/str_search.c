/*
 * str_search.c — byte-offset operations on strings: slicing, searching, byte and char access,
 * with Rust-style panics for bad offsets (LANGUAGE.md §14.3).
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "rt_internal.h"

/* Like Rust, a panic message shows at most this many bytes of the string, then `[...]`. */
enum { MAX_DISPLAY_LENGTH = 256 };

bool tml_rt_is_char_boundary(const TmlStr *s, int64_t i) {
    return i == 0 || i == s->len || (i > 0 && i < s->len && (s->data[i] & 0xC0) != 0x80);
}

/* Panics with `PREFIX`TEXT`SUFFIX`, TEXT being `s` cut at MAX_DISPLAY_LENGTH (on a char
 * boundary) plus `[...]` when cut. */
static _Noreturn void panic_quoting(const TmlSite *site, const char *prefix, const TmlStr *s) {
    int64_t shown = s->len;
    if (shown > MAX_DISPLAY_LENGTH) {
        shown = MAX_DISPLAY_LENGTH;
        while (!tml_rt_is_char_boundary(s, shown)) shown -= 1;
    }
    const char *ellipsis = shown < s->len ? "[...]" : "";
    size_t plen = strlen(prefix);
    size_t elen = strlen(ellipsis);
    TmlStr *msg = tml_rt_str_alloc((int64_t)(plen + 1 + (size_t)shown + 1 + elen), site);
    uint8_t *at = msg->data;
    memcpy(at, prefix, plen);
    at += plen;
    *at++ = '`';
    memcpy(at, s->data, (size_t)shown);
    at += shown;
    *at++ = '`';
    memcpy(at, ellipsis, elen);
    tml_panic_str(site, msg);
}

_Noreturn void tml_rt_panic_out_of_bounds(const TmlSite *site, const TmlStr *s, int64_t i) {
    char prefix[64];
    snprintf(prefix, sizeof prefix, "byte index %" PRId64 " is out of bounds of ", i);
    panic_quoting(site, prefix, s);
}

static _Noreturn void panic_not_boundary(const TmlSite *site, int64_t i) {
    char msg[80];
    snprintf(msg, sizeof msg, "byte index %" PRId64 " is not a char boundary", i);
    tml_panic(site, msg);
}

/* New string holding bytes [start, end) of `s`. Panics (checked in this order, like Rust's
 * str slicing) when an offset is outside [0, len], when start > end (`begin <= end (S <= E)
 * when slicing `TEXT``), or when an offset is not a char boundary. */
TmlStr *tml_str_slice(const TmlStr *s, int64_t start, int64_t end, const TmlSite *site) {
    bool start_ok = start >= 0 && start <= s->len;
    if (!start_ok || end < 0 || end > s->len) tml_rt_panic_out_of_bounds(site, s, start_ok ? end : start);
    if (start > end) {
        char prefix[96];
        snprintf(prefix, sizeof prefix, "begin <= end (%" PRId64 " <= %" PRId64 ") when slicing ", start, end);
        panic_quoting(site, prefix, s);
    }
    if (!tml_rt_is_char_boundary(s, start)) panic_not_boundary(site, start);
    if (!tml_rt_is_char_boundary(s, end)) panic_not_boundary(site, end);
    return tml_str_from_bytes(s->data + start, end - start, site);
}

/* Offset of the first occurrence of `pat` in `s` at or after `from`, or -1. A negative `from`
 * counts as 0; an empty pattern is found at `from` when from ≤ len. */
int64_t tml_str_find(const TmlStr *s, const TmlStr *pat, int64_t from) {
    if (from < 0) from = 0;
    if (from > s->len || pat->len > s->len - from) return -1;
    if (pat->len == 0) return from;
    const uint8_t *p = s->data + from;
    const uint8_t *last = s->data + (s->len - pat->len);
    while (p <= last) {
        p = memchr(p, pat->data[0], (size_t)(last - p) + 1);
        if (p == NULL) return -1;
        if (memcmp(p, pat->data, (size_t)pat->len) == 0) return p - s->data;
        p += 1;
    }
    return -1;
}

/* True if `pat` occurs in `s` (an empty pattern always does). */
bool tml_str_contains(const TmlStr *s, const TmlStr *pat) {
    return tml_str_find(s, pat, 0) >= 0;
}

/* True if `s` begins with `pat`. */
bool tml_str_starts_with(const TmlStr *s, const TmlStr *pat) {
    return pat->len <= s->len && memcmp(s->data, pat->data, (size_t)pat->len) == 0;
}

/* True if `s` ends with `pat`. */
bool tml_str_ends_with(const TmlStr *s, const TmlStr *pat) {
    return pat->len <= s->len && memcmp(s->data + (s->len - pat->len), pat->data, (size_t)pat->len) == 0;
}

/* Byte `i` of `s`; panics with `byte index I is out of bounds of `TEXT`` unless 0 ≤ i < len. */
uint8_t tml_str_byte_at(const TmlStr *s, int64_t i, const TmlSite *site) {
    if (i < 0 || i >= s->len) tml_rt_panic_out_of_bounds(site, s, i);
    return s->data[i];
}

/* Number of continuation bytes expected after lead byte `b` (-1: not a valid lead byte) and
 * the lead byte's payload bits. */
static int utf8_lead(uint8_t b, uint32_t *bits) {
    if (b < 0x80) {
        *bits = b;
        return 0;
    }
    if (b >= 0xC2 && b <= 0xDF) {
        *bits = b & 0x1Fu;
        return 1;
    }
    if (b >= 0xE0 && b <= 0xEF) {
        *bits = b & 0x0Fu;
        return 2;
    }
    if (b >= 0xF0 && b <= 0xF4) {
        *bits = b & 0x07u;
        return 3;
    }
    return -1;
}

/* Decodes the scalar at byte `i`, writing its length in bytes to *width. Panics when i is not
 * in [0, len) or not a char boundary. Malformed UTF-8 (only possible for strings built from
 * raw bytes) decodes as U+FFFD with width 1. */
uint32_t tml_str_decode_char(const TmlStr *s, int64_t i, int64_t *width, const TmlSite *site) {
    if (i < 0 || i >= s->len) tml_rt_panic_out_of_bounds(site, s, i);
    if (!tml_rt_is_char_boundary(s, i)) panic_not_boundary(site, i);
    uint32_t c;
    int extra = utf8_lead(s->data[i], &c);
    if (extra < 0 || extra > s->len - i - 1) {
        *width = 1;
        return 0xFFFD;
    }
    for (int k = 1; k <= extra; k++) {
        uint8_t b = s->data[i + k];
        if ((b & 0xC0) != 0x80) {
            *width = 1;
            return 0xFFFD;
        }
        c = (c << 6) | (b & 0x3Fu);
    }
    bool overlong = (extra == 2 && c < 0x800) || (extra == 3 && c < 0x10000);
    if (overlong || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *width = 1;
        return 0xFFFD;
    }
    *width = extra + 1;
    return c;
}
