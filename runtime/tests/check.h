/*
 * check.h — a tiny assertion library for the runtime's C unit tests, plus a helper that runs a
 * function in a forked child with stdout and stderr captured (for panics, exit statuses and
 * the leak report, which all end the process).
 *
 * Each test file's main calls its test functions and returns check_report(NAME): status 0 and
 * `NAME: all checks passed` on stdout when every CHECK held, else 1 and a count.
 */
#ifndef TML_RT_TESTS_CHECK_H
#define TML_RT_TESTS_CHECK_H

#define _GNU_SOURCE

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tml_runtime.h"

static int check_failures;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            check_failures++;                                                         \
        }                                                                             \
    } while (0)

/* Compares two C strings (either may be NULL). */
#define CHECK_STREQ(actual, expected) check_streq(__FILE__, __LINE__, (actual), (expected))
/* Compares a TML string's bytes with a C string, then releases the TML string. */
#define CHECK_TML(actual, expected) check_tml(__FILE__, __LINE__, (actual), (expected))
#define CHECK_I64(actual, expected) check_i64(__FILE__, __LINE__, (int64_t)(actual), (int64_t)(expected), #actual)

static inline void check_streq(const char *file, int line, const char *actual, const char *expected) {
    if (actual == NULL || expected == NULL || strcmp(actual, expected) != 0) {
        fprintf(stderr, "%s:%d: expected \"%s\"\n%*s     got \"%s\"\n", file, line, expected ? expected : "(null)",
                (int)strlen(file), "", actual ? actual : "(null)");
        check_failures++;
    }
}

static inline void check_tml(const char *file, int line, TmlStr *actual, const char *expected) {
    if ((size_t)actual->len != strlen((const char *)actual->data)) {
        fprintf(stderr, "%s:%d: string length %lld does not match its bytes\n", file, line, (long long)actual->len);
        check_failures++;
    }
    check_streq(file, line, (const char *)actual->data, expected);
    tml_str_release(actual);
}

static inline void check_i64(const char *file, int line, int64_t actual, int64_t expected, const char *what) {
    if (actual != expected) {
        fprintf(stderr, "%s:%d: %s is %lld, expected %lld\n", file, line, what, (long long)actual,
                (long long)expected);
        check_failures++;
    }
}

static inline int check_report(const char *name) {
    if (check_failures != 0) {
        printf("%s: %d check(s) failed\n", name, check_failures);
        return 1;
    }
    printf("%s: all checks passed\n", name);
    return 0;
}

/* A site for allocations and panics made by the tests. */
static const TmlSite test_site = {"test.tml", 1, 2, "Str"};

/* Defines a static TML string constant, as the compiler does for literals. */
#define TML_LIT(name, text) static const TmlStr name = {.rc = -1, .len = sizeof(text) - 1, .data = text}

/* A new tracked string holding the C string `text`. */
static inline TmlStr *S(const char *text) {
    return tml_str_from_bytes((const uint8_t *)text, (int64_t)strlen(text), &test_site);
}

/* ---------------------------------------------------------------- child processes */

enum { CAPTURE_MAX = 256 * 1024 };

typedef struct ChildResult {
    int status; /* exit status, or 128 + signal number */
    char out[CAPTURE_MAX];
    char err[CAPTURE_MAX];
} ChildResult;

static inline void read_capture(FILE *f, char *buf) {
    rewind(f);
    size_t n = fread(buf, 1, CAPTURE_MAX - 1, f);
    buf[n] = '\0';
    fclose(f);
}

/* Runs `fn` in a forked child with fd 1 and 2 redirected to temporary files. `fn` normally
 * ends the process itself (panic, tml_exit, _exit(tml_rt_shutdown(…))); if it returns, the
 * child exits with 0 without flushing anything. Result is heap-allocated; free it. */
static inline ChildResult *run_child(void (*fn)(void)) {
    ChildResult *r = calloc(1, sizeof *r);
    FILE *out = tmpfile();
    FILE *err = tmpfile();
    if (r == NULL || out == NULL || err == NULL) {
        perror("run_child");
        exit(2);
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        exit(2);
    }
    if (pid == 0) {
        dup2(fileno(out), STDOUT_FILENO);
        dup2(fileno(err), STDERR_FILENO);
        fn();
        _exit(0);
    }
    int ws = 0;
    waitpid(pid, &ws, 0);
    r->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
    read_capture(out, r->out);
    read_capture(err, r->err);
    return r;
}

/* Runs `fn` in a child and checks its exit status, stdout and stderr exactly. */
#define CHECK_CHILD(fn, status, out, err) check_child(__FILE__, __LINE__, #fn, (fn), (status), (out), (err))

static inline void check_child(const char *file, int line, const char *name, void (*fn)(void), int status,
                               const char *out, const char *err) {
    ChildResult *r = run_child(fn);
    if (r->status != status) {
        fprintf(stderr, "%s:%d: child %s exited with %d, expected %d\nstderr: %s\n", file, line, name, r->status,
                status, r->err);
        check_failures++;
    }
    check_streq(file, line, r->out, out);
    check_streq(file, line, r->err, err);
    free(r);
}

#endif /* TML_RT_TESTS_CHECK_H */
