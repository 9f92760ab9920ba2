/*
 * TEST DOUBLE of the TML C runtime (runtime/include/tml_runtime.h), used only by the codegen
 * unit tests in src/codegen/tests/. It implements just the functions those tests call, with
 * the documented observable behaviour (panic message format and exit status 101, leak check
 * exit status 3, string blocks with static rc < 0) and none of the real runtime's tracking
 * detail. It is not the runtime; the real one lives in runtime/src.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct TmlSite {
    const char *file;
    int32_t line;
    int32_t col;
    const char *type_name;
} TmlSite;

typedef struct TmlStr {
    int64_t rc;
    int64_t len;
    uint8_t data[];
} TmlStr;

typedef struct TmlTest {
    const char *name;
    int32_t (*run)(void);
} TmlTest;

static int64_t live_blocks;
static bool leak_check;

static void panic_prefix(const TmlSite *site) {
    fflush(stdout);
    if (site)
        fprintf(stderr, "panicked at %s:%d:%d: ", site->file, site->line, site->col);
    else
        fprintf(stderr, "panicked: ");
}

_Noreturn void tml_panic(const TmlSite *site, const char *msg) {
    panic_prefix(site);
    fprintf(stderr, "%s\n", msg);
    exit(101);
}

_Noreturn void tml_panic_str(const TmlSite *site, const TmlStr *msg) {
    panic_prefix(site);
    fprintf(stderr, "%.*s\n", (int)msg->len, (const char *)msg->data);
    exit(101);
}

_Noreturn void tml_panic_bounds(const TmlSite *site, int64_t len, int64_t index) {
    panic_prefix(site);
    fprintf(stderr, "index out of bounds: the len is %lld but the index is %lld\n", (long long)len,
            (long long)index);
    exit(101);
}

void *tml_alloc(int64_t size, int64_t align, const TmlSite *site) {
    (void)align;
    (void)site;
    void *p = malloc(size > 0 ? (size_t)size : 1);
    live_blocks++;
    return p;
}

void *tml_alloc_zeroed(int64_t size, int64_t align, const TmlSite *site) {
    void *p = tml_alloc(size, align, site);
    memset(p, 0, size > 0 ? (size_t)size : 1);
    return p;
}

void tml_free(void *ptr) {
    if (ptr) {
        live_blocks--;
        free(ptr);
    }
}

int64_t tml_live_allocations(void) { return live_blocks; }

static TmlStr *new_str(const void *bytes, int64_t len, const TmlSite *site) {
    TmlStr *s = tml_alloc((int64_t)sizeof(TmlStr) + len + 1, 8, site);
    s->rc = 1;
    s->len = len;
    memcpy(s->data, bytes, (size_t)len);
    s->data[len] = 0;
    return s;
}

void tml_str_retain(const TmlStr *s) {
    if (s->rc >= 0)
        ((TmlStr *)s)->rc++;
}

void tml_str_release(const TmlStr *s) {
    if (s->rc >= 0 && --((TmlStr *)s)->rc == 0)
        tml_free((void *)s);
}

TmlStr *tml_str_concat_n(const TmlStr *const *parts, int64_t n, const TmlSite *site) {
    int64_t len = 0;
    for (int64_t i = 0; i < n; i++)
        len += parts[i]->len;
    char *buf = malloc((size_t)len + 1);
    int64_t at = 0;
    for (int64_t i = 0; i < n; i++) {
        memcpy(buf + at, parts[i]->data, (size_t)parts[i]->len);
        at += parts[i]->len;
    }
    TmlStr *s = new_str(buf, len, site);
    free(buf);
    return s;
}

TmlStr *tml_str_concat(const TmlStr *a, const TmlStr *b, const TmlSite *site) {
    const TmlStr *parts[2] = {a, b};
    return tml_str_concat_n(parts, 2, site);
}

bool tml_str_eq(const TmlStr *a, const TmlStr *b) {
    return a->len == b->len && memcmp(a->data, b->data, (size_t)a->len) == 0;
}

TmlStr *tml_i64_to_str(int64_t v, const TmlSite *site) {
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%lld", (long long)v);
    return new_str(buf, n, site);
}

TmlStr *tml_u64_to_str(uint64_t v, const TmlSite *site) {
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%llu", (unsigned long long)v);
    return new_str(buf, n, site);
}

TmlStr *tml_f64_to_str(double v, const TmlSite *site) {
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%g", v);
    return new_str(buf, n, site);
}

TmlStr *tml_bool_to_str(bool v, const TmlSite *site) {
    return v ? new_str("true", 4, site) : new_str("false", 5, site);
}

TmlStr *tml_char_to_str(uint32_t c, const TmlSite *site) {
    char buf[4];
    int n;
    if (c < 0x80) {
        buf[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        buf[0] = (char)(0xC0 | (c >> 6));
        buf[1] = (char)(0x80 | (c & 0x3F));
        n = 2;
    } else if (c < 0x10000) {
        buf[0] = (char)(0xE0 | (c >> 12));
        buf[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (c & 0x3F));
        n = 3;
    } else {
        buf[0] = (char)(0xF0 | (c >> 18));
        buf[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        buf[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        buf[3] = (char)(0x80 | (c & 0x3F));
        n = 4;
    }
    return new_str(buf, n, site);
}

TmlStr *tml_str_replace(const TmlStr *s, const TmlStr *from, const TmlStr *to, const TmlSite *site) {
    size_t cap = (size_t)s->len * (size_t)(to->len + 1) + 1;
    char *buf = malloc(cap);
    int64_t at = 0;
    for (int64_t i = 0; i < s->len;) {
        if (from->len > 0 && i + from->len <= s->len && memcmp(s->data + i, from->data, (size_t)from->len) == 0) {
            memcpy(buf + at, to->data, (size_t)to->len);
            at += to->len;
            i += from->len;
        } else {
            buf[at++] = (char)s->data[i++];
        }
    }
    TmlStr *r = new_str(buf, at, site);
    free(buf);
    return r;
}

void tml_print(const TmlStr *s, int32_t stream, bool newline) {
    FILE *f = stream == 2 ? stderr : stdout;
    if (stream == 2)
        fflush(stdout);
    fwrite(s->data, 1, (size_t)s->len, f);
    if (newline)
        fputc('\n', f);
}

void tml_rt_init(int32_t argc, char **argv, bool check_leaks) {
    (void)argc;
    (void)argv;
    leak_check = check_leaks;
}

int32_t tml_rt_shutdown(int32_t status) {
    fflush(stdout);
    if (leak_check && live_blocks != 0) {
        fprintf(stderr, "leak check: %lld allocations still live at exit\n", (long long)live_blocks);
        return 3;
    }
    return status;
}

_Noreturn void tml_exit(int32_t code) {
    fflush(stdout);
    exit(code);
}

/* The runner protocol of tml_runtime.h: without arguments, list the test names; with
 * `--tml-run-test INDEX --tml-status-file PATH`, run one test and write `ok` or `returned N`. */
int32_t tml_test_main(int32_t argc, char **argv, const TmlTest *tests, int64_t count, bool check_leaks) {
    tml_rt_init(argc, argv, check_leaks);
    if (argc < 5) {
        for (int64_t i = 0; i < count; i++)
            printf("%s\n", tests[i].name);
        fflush(stdout);
        return 0;
    }
    int64_t index = atoll(argv[2]);
    int32_t r = tests[index].run();
    FILE *status = fopen(argv[4], "w");
    if (r == 0)
        fprintf(status, "ok\n");
    else
        fprintf(status, "returned %d\n", r);
    fclose(status);
    return r == 0 ? tml_rt_shutdown(0) : 1;
}
