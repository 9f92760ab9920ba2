/*
 * str.c — the TmlStr block: allocation, reference counting, concatenation, comparison,
 * hashing, and the Bool/Char Display conversions.
 *
 * Blocks are allocated through the tracked allocator with type name `Str` at the caller's
 * site. rc < 0 marks a static block (string literal), which is never counted or freed.
 */
#include <stddef.h>
#include <string.h>

#include "rt_internal.h"

/* The data member must hold the NUL; initialising a flexible array member is a GNU C
 * extension supported by gcc and clang. */
const TmlStr tml_str_empty = {.rc = -1, .len = 0, .data = {0}};

TmlStr *tml_rt_str_alloc(int64_t len, const TmlSite *site) {
    if (len < 0 || len > INT64_MAX - (int64_t)offsetof(TmlStr, data) - 1) tml_panic(site, "capacity overflow");
    TmlStr *s = tml_rt_alloc_full((int64_t)offsetof(TmlStr, data) + len + 1, 8, site, "Str", NULL);
    s->rc = 1;
    s->len = len;
    s->data[len] = 0;
    return s;
}

/* New string (rc 1) holding a copy of `len` bytes; `bytes` may be NULL when len is 0. */
TmlStr *tml_str_from_bytes(const uint8_t *bytes, int64_t len, const TmlSite *site) {
    TmlStr *s = tml_rt_str_alloc(len, site);
    if (len > 0) memcpy(s->data, bytes, (size_t)len);
    return s;
}

/* Adds one reference to a non-static block. */
void tml_str_retain(const TmlStr *s) {
    if (s->rc >= 0) ((TmlStr *)s)->rc += 1;
}

/* Drops one reference to a non-static block; frees it when the count reaches zero. */
void tml_str_release(const TmlStr *s) {
    if (s->rc < 0) return;
    TmlStr *m = (TmlStr *)s;
    m->rc -= 1;
    if (m->rc == 0) tml_free(m);
}

/* New string `a` followed by `b` (both borrowed). */
TmlStr *tml_str_concat(const TmlStr *a, const TmlStr *b, const TmlSite *site) {
    const TmlStr *parts[2] = {a, b};
    return tml_str_concat_n(parts, 2, site);
}

/* New string of the `n` borrowed parts in order; panics with `capacity overflow` if the
 * total length does not fit in int64_t. */
TmlStr *tml_str_concat_n(const TmlStr *const *parts, int64_t n, const TmlSite *site) {
    int64_t total = 0;
    for (int64_t i = 0; i < n; i++) {
        if (parts[i]->len > INT64_MAX - total) tml_panic(site, "capacity overflow");
        total += parts[i]->len;
    }
    TmlStr *s = tml_rt_str_alloc(total, site);
    int64_t at = 0;
    for (int64_t i = 0; i < n; i++) {
        if (parts[i]->len > 0) memcpy(s->data + at, parts[i]->data, (size_t)parts[i]->len);
        at += parts[i]->len;
    }
    return s;
}

/* True if both strings hold the same bytes. */
bool tml_str_eq(const TmlStr *a, const TmlStr *b) {
    return a == b || (a->len == b->len && memcmp(a->data, b->data, (size_t)a->len) == 0);
}

/* Lexicographic byte comparison (a shorter prefix sorts first): -1, 0 or 1. */
int32_t tml_str_cmp(const TmlStr *a, const TmlStr *b) {
    int64_t common = a->len < b->len ? a->len : b->len;
    int c = common > 0 ? memcmp(a->data, b->data, (size_t)common) : 0;
    if (c != 0) return c < 0 ? -1 : 1;
    return (a->len > b->len) - (a->len < b->len);
}

/* FNV-1a, 64-bit, over the bytes; the bit pattern reinterpreted as int64_t. */
int64_t tml_str_hash(const TmlStr *s) {
    uint64_t h = 0xcbf29ce484222325u;
    for (int64_t i = 0; i < s->len; i++) {
        h ^= s->data[i];
        h *= 0x100000001b3u;
    }
    int64_t out;
    memcpy(&out, &h, sizeof out);
    return out;
}

/* New string `true` or `false`. */
TmlStr *tml_bool_to_str(bool v, const TmlSite *site) {
    return v ? tml_str_from_bytes((const uint8_t *)"true", 4, site)
             : tml_str_from_bytes((const uint8_t *)"false", 5, site);
}

/* New string holding the UTF-8 encoding of `c`; values that are not Unicode scalar values
 * (surrogates, > U+10FFFF) are encoded as U+FFFD. */
TmlStr *tml_char_to_str(uint32_t c, const TmlSite *site) {
    uint8_t buf[4];
    int64_t n;
    if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) c = 0xFFFD;
    if (c < 0x80) {
        buf[0] = (uint8_t)c;
        n = 1;
    } else if (c < 0x800) {
        buf[0] = (uint8_t)(0xC0 | (c >> 6));
        buf[1] = (uint8_t)(0x80 | (c & 0x3F));
        n = 2;
    } else if (c < 0x10000) {
        buf[0] = (uint8_t)(0xE0 | (c >> 12));
        buf[1] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
        buf[2] = (uint8_t)(0x80 | (c & 0x3F));
        n = 3;
    } else {
        buf[0] = (uint8_t)(0xF0 | (c >> 18));
        buf[1] = (uint8_t)(0x80 | ((c >> 12) & 0x3F));
        buf[2] = (uint8_t)(0x80 | ((c >> 6) & 0x3F));
        buf[3] = (uint8_t)(0x80 | (c & 0x3F));
        n = 4;
    }
    return tml_str_from_bytes(buf, n, site);
}
