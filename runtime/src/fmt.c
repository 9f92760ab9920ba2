/*
 * fmt.c — Display for numbers (LANGUAGE.md §8.7) and the `{:.N}` placeholder.
 *
 * Floats use the shortest decimal that reads back to the same value: `%.{p-1}e` for
 * p = 1, 2, … until strtod (strtof for F32) returns the original, then the digits are laid out
 * positionally without an exponent and without a fractional part when integral.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

/* Enough for the longest positional double: "-0." + 323 zeros + 17 digits. */
enum { FLOAT_BUF = 400 };

static TmlStr *from_cstr(const char *text, const TmlSite *site) {
    return tml_str_from_bytes((const uint8_t *)text, (int64_t)strlen(text), site);
}

/* New string with `v` in decimal, `-` when negative. */
TmlStr *tml_i64_to_str(int64_t v, const TmlSite *site) {
    char buf[24];
    snprintf(buf, sizeof buf, "%" PRId64, v);
    return from_cstr(buf, site);
}

/* New string with `v` in decimal. */
TmlStr *tml_u64_to_str(uint64_t v, const TmlSite *site) {
    char buf[24];
    snprintf(buf, sizeof buf, "%" PRIu64, v);
    return from_cstr(buf, site);
}

/* Writes `NaN`, `inf` or `-inf` to `out` and returns true if `v` is not finite. */
static bool non_finite(double v, char *out, size_t cap) {
    if (isnan(v)) {
        snprintf(out, cap, "NaN");
        return true;
    }
    if (isinf(v)) {
        snprintf(out, cap, "%s", v < 0 ? "-inf" : "inf");
        return true;
    }
    return false;
}

/* Rewrites `sci` ("[-]d[.ddd]e±XX", as printed by %e) into positional notation in `out`,
 * dropping trailing zeros of the fraction and the point when nothing remains after it. */
static void sci_to_positional(const char *sci, char *out) {
    const char *p = sci;
    char *w = out;
    if (*p == '-') *w++ = *p++;
    char digits[32];
    int n = 0;
    for (; *p != 'e'; p++) {
        if (*p != '.') digits[n++] = *p;
    }
    int exp10 = atoi(p + 1);
    while (n > 1 && digits[n - 1] == '0') n--;
    /* The value is 0.DIGITS × 10^(point); `point` is where the decimal point goes. */
    int point = exp10 + 1;
    if (point <= 0) {
        *w++ = '0';
        *w++ = '.';
        for (int i = 0; i < -point; i++) *w++ = '0';
        memcpy(w, digits, (size_t)n);
        w += n;
    } else if (point >= n) {
        memcpy(w, digits, (size_t)n);
        w += n;
        for (int i = n; i < point; i++) *w++ = '0';
    } else {
        memcpy(w, digits, (size_t)point);
        w += point;
        *w++ = '.';
        memcpy(w, digits + point, (size_t)(n - point));
        w += n - point;
    }
    *w = '\0';
}

/* Formats a finite double with the fewest significant digits (1..max_digits) for which
 * `reads_back` accepts the text; writes the positional form to `out`. */
static void shortest(double v, int max_digits, bool (*reads_back)(const char *, double), char *out) {
    char sci[48];
    for (int p = 1; p <= max_digits; p++) {
        snprintf(sci, sizeof sci, "%.*e", p - 1, v);
        if (reads_back(sci, v)) break;
    }
    sci_to_positional(sci, out);
}

static bool reads_back_f64(const char *text, double v) {
    return strtod(text, NULL) == v;
}

static bool reads_back_f32(const char *text, double v) {
    return strtof(text, NULL) == (float)v;
}

/* New string: shortest round-trip decimal of `v` without exponent (`2.5`, `12`, `0.1`, `-0`,
 * `1000000000000000000000`, `0.0000001`), or `NaN`, `inf`, `-inf`. */
TmlStr *tml_f64_to_str(double v, const TmlSite *site) {
    char buf[FLOAT_BUF];
    if (!non_finite(v, buf, sizeof buf)) shortest(v, 17, reads_back_f64, buf);
    return from_cstr(buf, site);
}

/* Same as tml_f64_to_str for an F32: the shortest decimal that reads back as the same float
 * (so 0.1f is `0.1`, not `0.10000000149011612`). */
TmlStr *tml_f32_to_str(float v, const TmlSite *site) {
    char buf[FLOAT_BUF];
    if (!non_finite(v, buf, sizeof buf)) shortest(v, 9, reads_back_f32, buf);
    return from_cstr(buf, site);
}

/* New string: `v` with exactly `prec` digits after the point, as C "%.*f" (round half to even
 * on the binary value); a negative `prec` counts as 0. Non-finite values give `NaN`, `inf`,
 * `-inf`. */
TmlStr *tml_f64_to_str_prec(double v, int32_t prec, const TmlSite *site) {
    char small[FLOAT_BUF];
    if (non_finite(v, small, sizeof small)) return from_cstr(small, site);
    if (prec < 0) prec = 0;
    int n = snprintf(NULL, 0, "%.*f", (int)prec, v);
    if (n < 0) tml_panic(site, "float formatting failed");
    TmlStr *s = tml_rt_str_alloc(n, site);
    snprintf((char *)s->data, (size_t)n + 1, "%.*f", (int)prec, v);
    return s;
}
