/*
 * str_test.c — every tml_str_* function, including its panics (run in child processes).
 */
#include "check.h"

#include <stdint.h>

TML_LIT(lit_hello, "hello");
TML_LIT(lit_world, " world");

static const TmlSite slice_site = {"s.tml", 4, 11, NULL};

static void test_basics(void) {
    CHECK_I64(tml_str_empty.len, 0);
    CHECK(tml_str_empty.rc < 0);
    CHECK(tml_str_empty.data[0] == 0);

    TmlStr *s = tml_str_from_bytes((const uint8_t *)"a\0b", 3, &test_site);
    CHECK_I64(s->len, 3);
    CHECK(s->data[1] == 0 && s->data[2] == 'b' && s->data[3] == 0);
    CHECK_I64(s->rc, 1);
    tml_str_retain(s);
    CHECK_I64(s->rc, 2);
    tml_str_release(s);
    CHECK_I64(s->rc, 1);
#if TML_TRACKING
    CHECK_I64(tml_live_allocations(), 1);
#endif
    tml_str_release(s);
    CHECK_I64(tml_live_allocations(), 0);

    /* Static blocks are never counted. */
    tml_str_retain(&lit_hello);
    tml_str_release(&lit_hello);
    tml_str_release(&lit_hello);
    CHECK_I64(lit_hello.rc, -1);
    CHECK_TML(tml_str_from_bytes(NULL, 0, &test_site), "");
}

static void test_concat_compare_hash(void) {
    CHECK_TML(tml_str_concat(&lit_hello, &lit_world, &test_site), "hello world");
    CHECK_TML(tml_str_concat(&tml_str_empty, &tml_str_empty, &test_site), "");
    const TmlStr *parts[] = {&lit_hello, &tml_str_empty, &lit_world, &lit_hello};
    CHECK_TML(tml_str_concat_n(parts, 4, &test_site), "hello worldhello");
    CHECK_TML(tml_str_concat_n(parts, 0, &test_site), "");

    TmlStr *h = S("hello");
    CHECK(tml_str_eq(h, &lit_hello));
    CHECK(!tml_str_eq(h, &lit_world));
    CHECK(tml_str_eq(&tml_str_empty, &tml_str_empty));
    CHECK_I64(tml_str_cmp(h, &lit_hello), 0);
    TmlStr *help = S("help");
    TmlStr *hell = S("hell");
    CHECK_I64(tml_str_cmp(h, help), -1);
    CHECK_I64(tml_str_cmp(help, h), 1);
    CHECK_I64(tml_str_cmp(hell, h), -1);
    CHECK_I64(tml_str_cmp(h, hell), 1);
    CHECK_I64(tml_str_cmp(&tml_str_empty, hell), -1);
    TmlStr *high = S("\xc3\xa9");
    CHECK_I64(tml_str_cmp(high, h), 1); /* bytes compare unsigned */

    CHECK_I64(tml_str_hash(&tml_str_empty), (int64_t)0xcbf29ce484222325u);
    TmlStr *a = S("a");
    CHECK_I64(tml_str_hash(a), (int64_t)0xaf63dc4c8601ec8cu);
    CHECK_I64(tml_str_hash(h), tml_str_hash(&lit_hello));
    CHECK(tml_str_hash(h) != tml_str_hash(help));
    tml_str_release(a);
    tml_str_release(high);
    tml_str_release(hell);
    tml_str_release(help);
    tml_str_release(h);
}

static void test_slice_and_search(void) {
    TmlStr *s = S("h\xc3\xa9llo w\xc3\xb6rld"); /* "héllo wörld", é and ö are 2 bytes */
    CHECK_TML(tml_str_slice(s, 0, 3, &slice_site), "h\xc3\xa9");
    CHECK_TML(tml_str_slice(s, 3, 3, &slice_site), "");
    CHECK_TML(tml_str_slice(s, 7, 13, &slice_site), "w\xc3\xb6rld");
    CHECK_TML(tml_str_slice(s, 0, 13, &slice_site), "h\xc3\xa9llo w\xc3\xb6rld");

    TmlStr *o = S("o");
    TmlStr *ld = S("ld");
    TmlStr *missing = S("xyz");
    CHECK(tml_str_contains(s, o));
    CHECK(tml_str_contains(s, &tml_str_empty));
    CHECK(!tml_str_contains(s, missing));
    CHECK(!tml_str_contains(&tml_str_empty, o));
    CHECK_I64(tml_str_find(s, o, 0), 5);
    CHECK_I64(tml_str_find(s, o, 6), -1);
    CHECK_I64(tml_str_find(s, ld, 0), 11);
    CHECK_I64(tml_str_find(s, ld, 11), 11);
    CHECK_I64(tml_str_find(s, ld, 12), -1);
    CHECK_I64(tml_str_find(s, ld, -5), 11);
    CHECK_I64(tml_str_find(s, missing, 0), -1);
    CHECK_I64(tml_str_find(s, &tml_str_empty, 4), 4);
    CHECK_I64(tml_str_find(s, &tml_str_empty, 13), 13);
    CHECK_I64(tml_str_find(s, &tml_str_empty, 14), -1);
    TmlStr *aaab = S("aaab");
    TmlStr *aab = S("aab");
    CHECK_I64(tml_str_find(aaab, aab, 0), 1);

    TmlStr *h = S("h\xc3\xa9");
    CHECK(tml_str_starts_with(s, h));
    CHECK(tml_str_starts_with(s, &tml_str_empty));
    CHECK(!tml_str_starts_with(s, ld));
    CHECK(tml_str_ends_with(s, ld));
    CHECK(tml_str_ends_with(s, &tml_str_empty));
    CHECK(!tml_str_ends_with(s, h));
    CHECK(!tml_str_ends_with(ld, s));
    CHECK(!tml_str_starts_with(ld, s));

    CHECK_I64(tml_str_byte_at(s, 0, &slice_site), 'h');
    CHECK_I64(tml_str_byte_at(s, 1, &slice_site), 0xc3);
    CHECK_I64(tml_str_byte_at(s, 12, &slice_site), 'd');

    int64_t width = 0;
    CHECK_I64(tml_str_decode_char(s, 0, &width, &slice_site), 'h');
    CHECK_I64(width, 1);
    CHECK_I64(tml_str_decode_char(s, 1, &width, &slice_site), 0xE9);
    CHECK_I64(width, 2);
    TmlStr *wide = S("\xe2\x82\xac\xf0\x9f\x98\x80"); /* € U+20AC, 😀 U+1F600 */
    CHECK_I64(tml_str_decode_char(wide, 0, &width, &slice_site), 0x20AC);
    CHECK_I64(width, 3);
    CHECK_I64(tml_str_decode_char(wide, 3, &width, &slice_site), 0x1F600);
    CHECK_I64(width, 4);
    TmlStr *bad = tml_str_from_bytes((const uint8_t *)"\xff\xe2\x82", 3, &test_site);
    CHECK_I64(tml_str_decode_char(bad, 0, &width, &slice_site), 0xFFFD);
    CHECK_I64(width, 1);
    CHECK_I64(tml_str_decode_char(bad, 1, &width, &slice_site), 0xFFFD);
    CHECK_I64(width, 1);

    tml_str_release(bad);
    tml_str_release(wide);
    tml_str_release(h);
    tml_str_release(aab);
    tml_str_release(aaab);
    tml_str_release(missing);
    tml_str_release(ld);
    tml_str_release(o);
    tml_str_release(s);
}

static void test_transform(void) {
    TmlStr *s = S("Hello, W\xc3\xb6rld! 123 z@[`{");
    CHECK_TML(tml_str_to_uppercase(s, &test_site), "HELLO, W\xc3\xb6RLD! 123 Z@[`{");
    CHECK_TML(tml_str_to_lowercase(s, &test_site), "hello, w\xc3\xb6rld! 123 z@[`{");
    tml_str_release(s);

    s = S(" \t\r\n hi there \n\t\v");
    CHECK_TML(tml_str_trim(s, &test_site), "hi there \n\t\v");
    CHECK_TML(tml_str_trim_start(s, &test_site), "hi there \n\t\v");
    CHECK_TML(tml_str_trim_end(s, &test_site), " \t\r\n hi there \n\t\v");
    tml_str_release(s);
    s = S("  both  \r\n");
    CHECK_TML(tml_str_trim(s, &test_site), "both");
    CHECK_TML(tml_str_trim_start(s, &test_site), "both  \r\n");
    CHECK_TML(tml_str_trim_end(s, &test_site), "  both");
    tml_str_release(s);
    s = S(" \t\n\r ");
    CHECK_TML(tml_str_trim(s, &test_site), "");
    CHECK_TML(tml_str_trim_start(s, &test_site), "");
    CHECK_TML(tml_str_trim_end(s, &test_site), "");
    tml_str_release(s);

    s = S("a-b--c-");
    TmlStr *dash = S("-");
    TmlStr *dd = S("--");
    TmlStr *plus3 = S("+++");
    CHECK_TML(tml_str_replace(s, dash, plus3, &test_site), "a+++b++++++c+++");
    CHECK_TML(tml_str_replace(s, dash, &tml_str_empty, &test_site), "abc");
    CHECK_TML(tml_str_replace(s, dd, dash, &test_site), "a-b-c-");
    CHECK_TML(tml_str_replace(s, plus3, dash, &test_site), "a-b--c-");
    TmlStr *aaa = S("aaa");
    TmlStr *aa = S("aa");
    TmlStr *b = S("b");
    CHECK_TML(tml_str_replace(aaa, aa, b, &test_site), "ba");
    CHECK_TML(tml_str_replace(&tml_str_empty, aa, b, &test_site), "");

    CHECK_TML(tml_str_repeat(aa, 3, &test_site), "aaaaaa");
    CHECK_TML(tml_str_repeat(aa, 0, &test_site), "");
    CHECK_TML(tml_str_repeat(&tml_str_empty, 1000, &test_site), "");
    CHECK_TML(tml_str_repeat(dash, 1, &test_site), "-");

    tml_str_release(b);
    tml_str_release(aa);
    tml_str_release(aaa);
    tml_str_release(plus3);
    tml_str_release(dd);
    tml_str_release(dash);
    tml_str_release(s);
}

static void test_display(void) {
    CHECK_TML(tml_bool_to_str(true, &test_site), "true");
    CHECK_TML(tml_bool_to_str(false, &test_site), "false");
    CHECK_TML(tml_char_to_str('A', &test_site), "A");
    CHECK_TML(tml_char_to_str(0xE9, &test_site), "\xc3\xa9");
    CHECK_TML(tml_char_to_str(0x20AC, &test_site), "\xe2\x82\xac");
    CHECK_TML(tml_char_to_str(0x1F600, &test_site), "\xf0\x9f\x98\x80");
    CHECK_TML(tml_char_to_str(0xD800, &test_site), "\xef\xbf\xbd");
    CHECK_TML(tml_char_to_str(0x110000, &test_site), "\xef\xbf\xbd");
    TmlStr *nul = tml_char_to_str(0, &test_site);
    CHECK_I64(nul->len, 1);
    CHECK(nul->data[0] == 0);
    tml_str_release(nul);
}

/* ---------------------------------------------------------------- panics (children) */

static TmlStr *accented(void) {
    return S("h\xc3\xa9llo");
}

static void slice_end_oob(void) {
    tml_str_slice(&lit_hello, 0, 10, &slice_site);
}
static void slice_start_oob(void) {
    tml_str_slice(&lit_hello, 7, 10, &slice_site);
}
static void slice_negative(void) {
    tml_str_slice(&lit_hello, -1, 2, &slice_site);
}
static void slice_reversed(void) {
    tml_str_slice(&lit_hello, 4, 2, &slice_site);
}
static void slice_not_boundary_start(void) {
    tml_str_slice(accented(), 2, 4, &slice_site);
}
static void slice_not_boundary_end(void) {
    tml_str_slice(accented(), 0, 2, &slice_site);
}
static void slice_long_text(void) {
    tml_str_slice(tml_str_repeat(S("\xc3\xa9"), 200, &test_site), 0, 401, &slice_site);
}
static void byte_at_oob(void) {
    tml_str_byte_at(&lit_hello, 5, &slice_site);
}
static void byte_at_negative(void) {
    tml_str_byte_at(&lit_hello, -3, &slice_site);
}
static void decode_oob(void) {
    int64_t w;
    tml_str_decode_char(&lit_hello, 5, &w, &slice_site);
}
static void decode_not_boundary(void) {
    int64_t w;
    tml_str_decode_char(accented(), 2, &w, &slice_site);
}
static void replace_empty(void) {
    tml_str_replace(&lit_hello, &tml_str_empty, &lit_world, &slice_site);
}
static void repeat_negative(void) {
    tml_str_repeat(&lit_hello, -2, &slice_site);
}
static void repeat_overflow(void) {
    tml_str_repeat(&lit_hello, INT64_MAX / 4, &slice_site);
}
static void panic_no_site(void) {
    tml_panic(NULL, "no location");
}

static void test_panics(void) {
    CHECK_CHILD(slice_end_oob, 101, "", "panicked at s.tml:4:11: byte index 10 is out of bounds of `hello`\n");
    CHECK_CHILD(slice_start_oob, 101, "", "panicked at s.tml:4:11: byte index 7 is out of bounds of `hello`\n");
    CHECK_CHILD(slice_negative, 101, "", "panicked at s.tml:4:11: byte index -1 is out of bounds of `hello`\n");
    CHECK_CHILD(slice_reversed, 101, "", "panicked at s.tml:4:11: begin <= end (4 <= 2) when slicing `hello`\n");
    CHECK_CHILD(slice_not_boundary_start, 101, "", "panicked at s.tml:4:11: byte index 2 is not a char boundary\n");
    CHECK_CHILD(slice_not_boundary_end, 101, "", "panicked at s.tml:4:11: byte index 2 is not a char boundary\n");
    char expected[600];
    char text[300] = "";
    for (int i = 0; i < 128; i++) strcat(text, "\xc3\xa9"); /* 256 bytes: the display limit */
    snprintf(expected, sizeof expected, "panicked at s.tml:4:11: byte index 401 is out of bounds of `%s`[...]\n",
             text);
    CHECK_CHILD(slice_long_text, 101, "", expected);
    CHECK_CHILD(byte_at_oob, 101, "", "panicked at s.tml:4:11: byte index 5 is out of bounds of `hello`\n");
    CHECK_CHILD(byte_at_negative, 101, "", "panicked at s.tml:4:11: byte index -3 is out of bounds of `hello`\n");
    CHECK_CHILD(decode_oob, 101, "", "panicked at s.tml:4:11: byte index 5 is out of bounds of `hello`\n");
    CHECK_CHILD(decode_not_boundary, 101, "", "panicked at s.tml:4:11: byte index 2 is not a char boundary\n");
    CHECK_CHILD(replace_empty, 101, "", "panicked at s.tml:4:11: replace: empty pattern\n");
    CHECK_CHILD(repeat_negative, 101, "", "panicked at s.tml:4:11: repeat: negative count -2\n");
    CHECK_CHILD(repeat_overflow, 101, "", "panicked at s.tml:4:11: capacity overflow\n");
    CHECK_CHILD(panic_no_site, 101, "", "panicked: no location\n");
}

int main(void) {
    test_basics();
    test_concat_compare_hash();
    test_slice_and_search();
    test_transform();
    test_display();
    test_panics();
    CHECK_I64(tml_live_allocations(), 0);
    return check_report("str_test");
}
