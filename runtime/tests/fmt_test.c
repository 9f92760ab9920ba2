/*
 * fmt_test.c — number Display (LANGUAGE.md §8.7), `{:.N}` formatting and Str::parse_*.
 */
#include "check.h"

#include <float.h>
#include <math.h>
#include <stdint.h>

static void check_f64(const char *file, int line, double v, const char *expected) {
    check_tml(file, line, tml_f64_to_str(v, &test_site), expected);
}
#define CHECK_F64(v, expected) check_f64(__FILE__, __LINE__, (v), (expected))

static void test_integers(void) {
    CHECK_TML(tml_i64_to_str(0, &test_site), "0");
    CHECK_TML(tml_i64_to_str(42, &test_site), "42");
    CHECK_TML(tml_i64_to_str(-7, &test_site), "-7");
    CHECK_TML(tml_i64_to_str(INT64_MAX, &test_site), "9223372036854775807");
    CHECK_TML(tml_i64_to_str(INT64_MIN, &test_site), "-9223372036854775808");
    CHECK_TML(tml_u64_to_str(0, &test_site), "0");
    CHECK_TML(tml_u64_to_str(UINT64_MAX, &test_site), "18446744073709551615");
}

static void test_floats(void) {
    CHECK_F64(0.0, "0");
    CHECK_F64(-0.0, "-0");
    CHECK_F64(0.1, "0.1");
    CHECK_F64(2.5, "2.5");
    CHECK_F64(-2.5, "-2.5");
    CHECK_F64(12.0, "12");
    CHECK_F64(1000000.0, "1000000");
    CHECK_F64(1e21, "1000000000000000000000");
    CHECK_F64(1e-7, "0.0000001");
    CHECK_F64(123456.789, "123456.789");
    CHECK_F64(1.0 / 3.0, "0.3333333333333333");
    CHECK_F64(2.0 / 3.0, "0.6666666666666666");
    CHECK_F64(0.1 + 0.2, "0.30000000000000004");
    CHECK_F64(100.5, "100.5");
    CHECK_F64(9007199254740993.0, "9007199254740992");
    char big[400] = "15";
    memset(big + 2, '0', 299);
    big[301] = '\0';
    CHECK_F64(1.5e300, big);
    CHECK_F64(NAN, "NaN");
    CHECK_F64(-NAN, "NaN");
    CHECK_F64(INFINITY, "inf");
    CHECK_F64(-INFINITY, "-inf");

    /* Extremes round-trip through the positional form. */
    double extremes[] = {DBL_MAX, -DBL_MAX, DBL_MIN, 5e-324, 1.7976931348623157e308, 2.2250738585072014e-308};
    for (size_t i = 0; i < sizeof extremes / sizeof extremes[0]; i++) {
        TmlStr *s = tml_f64_to_str(extremes[i], &test_site);
        CHECK(strchr((const char *)s->data, 'e') == NULL);
        double back = 0;
        CHECK(tml_str_parse_f64(s, &back));
        CHECK(back == extremes[i]);
        tml_str_release(s);
    }
    TmlStr *tiny = tml_f64_to_str(5e-324, &test_site);
    CHECK_I64(tiny->len, 2 + 323 + 1);
    CHECK(tiny->data[tiny->len - 1] == '5');
    tml_str_release(tiny);

    CHECK_TML(tml_f32_to_str(0.1f, &test_site), "0.1");
    CHECK_TML(tml_f32_to_str(1.0f / 3.0f, &test_site), "0.33333334");
    CHECK_TML(tml_f32_to_str(16777216.0f, &test_site), "16777216");
    CHECK_TML(tml_f32_to_str(-0.0f, &test_site), "-0");
    CHECK_TML(tml_f32_to_str(3.4028235e38f, &test_site), "340282350000000000000000000000000000000");
    CHECK_TML(tml_f32_to_str(NAN, &test_site), "NaN");
    CHECK_TML(tml_f32_to_str(-INFINITY, &test_site), "-inf");

    CHECK_TML(tml_f64_to_str_prec(2.0 / 3.0, 2, &test_site), "0.67");
    CHECK_TML(tml_f64_to_str_prec(3.14159, 3, &test_site), "3.142");
    CHECK_TML(tml_f64_to_str_prec(2.5, 0, &test_site), "2");
    CHECK_TML(tml_f64_to_str_prec(0.125, 2, &test_site), "0.12");
    CHECK_TML(tml_f64_to_str_prec(-1.0, 3, &test_site), "-1.000");
    CHECK_TML(tml_f64_to_str_prec(1.5, -4, &test_site), "2");
    CHECK_TML(tml_f64_to_str_prec(1e20, 1, &test_site), "100000000000000000000.0");
    CHECK_TML(tml_f64_to_str_prec(NAN, 2, &test_site), "NaN");
    CHECK_TML(tml_f64_to_str_prec(-INFINITY, 2, &test_site), "-inf");
}

/* ---------------------------------------------------------------- parsing */

static bool parse_i(const char *text, int64_t min, int64_t max, int64_t *out) {
    TmlStr *s = S(text);
    bool ok = tml_str_parse_i64(s, min, max, out);
    tml_str_release(s);
    return ok;
}

static bool parse_u(const char *text, uint64_t *out) {
    TmlStr *s = S(text);
    bool ok = tml_str_parse_u64(s, out);
    tml_str_release(s);
    return ok;
}

static bool parse_f(const char *text, double *out) {
    TmlStr *s = S(text);
    bool ok = tml_str_parse_f64(s, out);
    tml_str_release(s);
    return ok;
}

static void test_parse_ints(void) {
    int64_t v = 99;
    CHECK(parse_i("0", INT64_MIN, INT64_MAX, &v) && v == 0);
    CHECK(parse_i("1234", INT64_MIN, INT64_MAX, &v) && v == 1234);
    CHECK(parse_i("+5", INT64_MIN, INT64_MAX, &v) && v == 5);
    CHECK(parse_i("-17", INT64_MIN, INT64_MAX, &v) && v == -17);
    CHECK(parse_i("-0", INT64_MIN, INT64_MAX, &v) && v == 0);
    CHECK(parse_i("007", INT64_MIN, INT64_MAX, &v) && v == 7);
    CHECK(parse_i("9223372036854775807", INT64_MIN, INT64_MAX, &v) && v == INT64_MAX);
    CHECK(parse_i("-9223372036854775808", INT64_MIN, INT64_MAX, &v) && v == INT64_MIN);
    v = 99;
    CHECK(!parse_i("9223372036854775808", INT64_MIN, INT64_MAX, &v));
    CHECK(!parse_i("-9223372036854775809", INT64_MIN, INT64_MAX, &v));
    CHECK(!parse_i("99999999999999999999999", INT64_MIN, INT64_MAX, &v));
    CHECK(!parse_i("", INT64_MIN, INT64_MAX, &v));
    CHECK(!parse_i("-", INT64_MIN, INT64_MAX, &v));
    CHECK(!parse_i("+", INT64_MIN, INT64_MAX, &v));
    CHECK(!parse_i(" 1", INT64_MIN, INT64_MAX, &v));
    CHECK(!parse_i("1 ", INT64_MIN, INT64_MAX, &v));
    CHECK(!parse_i("+-1", INT64_MIN, INT64_MAX, &v));
    CHECK(!parse_i("1_000", INT64_MIN, INT64_MAX, &v));
    CHECK(!parse_i("0x10", INT64_MIN, INT64_MAX, &v));
    CHECK(!parse_i("1.0", INT64_MIN, INT64_MAX, &v));
    CHECK(v == 99);
    /* The range check serves the narrower types (I32, I8). */
    CHECK(parse_i("2147483647", INT32_MIN, INT32_MAX, &v) && v == INT32_MAX);
    CHECK(parse_i("-2147483648", INT32_MIN, INT32_MAX, &v) && v == INT32_MIN);
    CHECK(!parse_i("2147483648", INT32_MIN, INT32_MAX, &v));
    CHECK(!parse_i("-129", INT8_MIN, INT8_MAX, &v));
    CHECK(parse_i("-128", INT8_MIN, INT8_MAX, &v) && v == -128);
    /* Embedded NUL bytes are not digits. */
    TmlStr *nul = tml_str_from_bytes((const uint8_t *)"1\0" "2", 3, &test_site);
    CHECK(!tml_str_parse_i64(nul, INT64_MIN, INT64_MAX, &v));

    uint64_t u = 7;
    CHECK(parse_u("18446744073709551615", &u) && u == UINT64_MAX);
    CHECK(parse_u("+42", &u) && u == 42);
    CHECK(parse_u("0", &u) && u == 0);
    u = 7;
    CHECK(!parse_u("18446744073709551616", &u));
    CHECK(!parse_u("-1", &u));
    CHECK(!parse_u("-0", &u));
    CHECK(!parse_u("", &u));
    CHECK(!parse_u(" 3", &u));
    CHECK(u == 7);
    double d;
    CHECK(!tml_str_parse_f64(nul, &d));
    tml_str_release(nul);
}

static void test_parse_floats(void) {
    double d = 99;
    CHECK(parse_f("2.5", &d) && d == 2.5);
    CHECK(parse_f("-2.5", &d) && d == -2.5);
    CHECK(parse_f("+1", &d) && d == 1.0);
    CHECK(parse_f("1e3", &d) && d == 1000.0);
    CHECK(parse_f("1E-3", &d) && d == 0.001);
    CHECK(parse_f(".5", &d) && d == 0.5);
    CHECK(parse_f("5.", &d) && d == 5.0);
    CHECK(parse_f("0.1", &d) && d == 0.1);
    CHECK(parse_f("-0", &d) && d == 0.0 && signbit(d));
    CHECK(parse_f("1e999", &d) && isinf(d) && d > 0);
    CHECK(parse_f("inf", &d) && isinf(d) && d > 0);
    CHECK(parse_f("-inf", &d) && isinf(d) && d < 0);
    CHECK(parse_f("infinity", &d) && isinf(d));
    CHECK(parse_f("NaN", &d) && isnan(d));
    d = 99;
    CHECK(!parse_f("", &d));
    CHECK(!parse_f(" 1", &d));
    CHECK(!parse_f("1 ", &d));
    CHECK(!parse_f("\t1", &d));
    CHECK(!parse_f("1e", &d));
    CHECK(!parse_f(".", &d));
    CHECK(!parse_f("-", &d));
    CHECK(!parse_f("1.2.3", &d));
    CHECK(!parse_f("0x1p3", &d));
    CHECK(!parse_f("-0X10", &d));
    CHECK(!parse_f("nan(123)", &d));
    CHECK(!parse_f("abc", &d));
    CHECK(d == 99);
}

/* Display output parses back to the same value for a spread of doubles. */
static void test_round_trip(void) {
    double x = 1.0;
    for (int i = 0; i < 2000; i++) {
        x = x * -1.37 + 0.1 / (i + 1);
        if (i % 100 == 0) x = 1.0 / (i + 3);
        TmlStr *s = tml_f64_to_str(x, &test_site);
        double back = 0;
        CHECK(tml_str_parse_f64(s, &back) && back == x);
        tml_str_release(s);
    }
}

int main(void) {
    test_integers();
    test_floats();
    test_parse_ints();
    test_parse_floats();
    test_round_trip();
    CHECK_I64(tml_live_allocations(), 0);
    return check_report("fmt_test");
}
