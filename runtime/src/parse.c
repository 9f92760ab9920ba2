/*
 * parse.c — Str::parse_* (LANGUAGE.md §14.3). Each function returns true and writes *out on
 * success; on failure it returns false and leaves *out unchanged.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

/* Parses `len` bytes that must be ≥ 1 ASCII digits into *out; false on any other byte or on
 * overflow of uint64_t. */
static bool parse_digits(const uint8_t *p, int64_t len, uint64_t *out) {
    if (len == 0) return false;
    uint64_t v = 0;
    for (int64_t i = 0; i < len; i++) {
        if (p[i] < '0' || p[i] > '9') return false;
        uint64_t d = (uint64_t)(p[i] - '0');
        if (v > (UINT64_MAX - d) / 10) return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

/* Optional `+` or `-`, then decimal digits, nothing else; the value must lie in [min, max]
 * (so one function serves I8 … I64). */
bool tml_str_parse_i64(const TmlStr *s, int64_t min, int64_t max, int64_t *out) {
    const uint8_t *p = s->data;
    int64_t len = s->len;
    bool negative = len > 0 && p[0] == '-';
    if (len > 0 && (p[0] == '-' || p[0] == '+')) {
        p++;
        len--;
    }
    uint64_t mag;
    if (!parse_digits(p, len, &mag)) return false;
    int64_t v;
    if (negative) {
        if (mag > (uint64_t)INT64_MAX + 1) return false;
        v = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag;
    } else {
        if (mag > (uint64_t)INT64_MAX) return false;
        v = (int64_t)mag;
    }
    if (v < min || v > max) return false;
    *out = v;
    return true;
}

/* Optional `+`, then decimal digits, nothing else (a `-` sign, even on `-0`, is rejected);
 * false on overflow. */
bool tml_str_parse_u64(const TmlStr *s, uint64_t *out) {
    const uint8_t *p = s->data;
    int64_t len = s->len;
    if (len > 0 && p[0] == '+') {
        p++;
        len--;
    }
    return parse_digits(p, len, out);
}

/* Accepts exactly what C strtod accepts, except: no leading or trailing whitespace (or any
 * other trailing byte), no hexadecimal floats (`0x…`), no `nan(…)` payloads. So decimal
 * numbers with optional sign, fraction and exponent (`1`, `-2.5`, `.5`, `5.`, `1e-3`) and,
 * case-insensitively, `inf`, `infinity` and `nan` (which round-trips Display's `NaN`/`inf`).
 * Out-of-range magnitudes give ±inf or (underflow) 0 / a subnormal, and still succeed. */
bool tml_str_parse_f64(const TmlStr *s, double *out) {
    int64_t len = s->len;
    if (len == 0 || isspace(s->data[0])) return false;
    int64_t i = s->data[0] == '+' || s->data[0] == '-' ? 1 : 0;
    if (i + 1 < len && s->data[i] == '0' && (s->data[i + 1] == 'x' || s->data[i + 1] == 'X')) return false;
    if (memchr(s->data, '(', (size_t)len) != NULL) return false;
    const char *begin = (const char *)s->data;
    char *end = NULL;
    double v = strtod(begin, &end);
    if (end != begin + len) return false;
    *out = v;
    return true;
}
