/*
 * test_harness.c — `main` of a test executable (protocol in tml_runtime.h, CLI.md §4).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

enum { TEST_FAILED_STATUS = 1, USAGE_STATUS = 2 };

/* The `Err` text recorded by tml_test_record_err (malloc'd, untracked); NULL if none. */
static char *recorded_err;
static size_t recorded_err_len;

/* Copies the message (NULL: the text `Err`) so the caller may drop the value afterwards. A
 * second call replaces the first message. */
void tml_test_record_err(const TmlStr *msg) {
    const char *text = msg != NULL ? (const char *)msg->data : "Err";
    size_t len = msg != NULL ? (size_t)msg->len : 3;
    free(recorded_err);
    recorded_err = malloc(len + 1);
    if (recorded_err == NULL) tml_panic(NULL, "memory allocation for the test result failed");
    memcpy(recorded_err, text, len);
    recorded_err[len] = '\0';
    recorded_err_len = len;
}

static int32_t usage(const char *prog) {
    tml_rt_eprintf("usage: %s [--tml-run-test INDEX --tml-status-file PATH]\n", prog);
    return USAGE_STATUS;
}

/* Parses a test index: decimal digits only, below `count`. */
static bool parse_index(const char *text, int64_t count, int64_t *out) {
    TmlStr *s = tml_str_from_bytes((const uint8_t *)text, (int64_t)strlen(text), NULL);
    bool ok = text[0] >= '0' && text[0] <= '9' && tml_str_parse_i64(s, 0, count - 1, out);
    tml_str_release(s);
    return ok;
}

/* Writes `len` bytes of `line` plus "\n" as the whole content of the status file. */
static bool write_status(const char *path, const char *prefix, const char *line, size_t len) {
    FILE *f = fopen(path, "wb");
    if (f == NULL) return false;
    bool ok = fputs(prefix, f) >= 0 && fwrite(line, 1, len, f) == len && fputc('\n', f) != EOF;
    return fclose(f) == 0 && ok;
}

/* Runs tests[index] and reports its outcome (see the protocol in tml_runtime.h). The `Err`
 * message is written verbatim after `err ` and may itself contain line breaks. */
static int32_t run_one(const TmlTest *test, const char *status_path) {
    int32_t result = test->run();
    char line[32];
    const char *prefix = "";
    const char *text = "ok";
    size_t len = 2;
    if (recorded_err != NULL) {
        prefix = "err ";
        text = recorded_err;
        len = recorded_err_len;
    } else if (result != 0) {
        snprintf(line, sizeof line, "returned %" PRId32, result);
        text = line;
        len = strlen(line);
    }
    if (!write_status(status_path, prefix, text, len)) {
        tml_rt_eprintf("error: cannot write test status file %s\n", status_path);
        return USAGE_STATUS;
    }
    bool passed = recorded_err == NULL && result == 0;
    free(recorded_err);
    recorded_err = NULL;
    if (passed) return tml_rt_shutdown(0);
    tml_rt_flush_stdout();
    return TEST_FAILED_STATUS;
}

/* Calls tml_rt_init itself. Returns the process status: 0 (listed, or passed), 3 (passed but
 * leaked), 1 (failed), 2 (bad arguments or unwritable status file). */
int32_t tml_test_main(int32_t argc, char **argv, const TmlTest *tests, int64_t count, bool check_leaks) {
    tml_rt_init(argc, argv, check_leaks);
    const char *prog = argc > 0 ? argv[0] : "test";
    if (argc <= 1) {
        for (int64_t i = 0; i < count; i++) {
            tml_rt_write_stdout(tests[i].name, strlen(tests[i].name));
            tml_rt_write_stdout("\n", 1);
        }
        tml_rt_flush_stdout();
        return 0;
    }
    int64_t index;
    if (argc != 5 || strcmp(argv[1], "--tml-run-test") != 0 || strcmp(argv[3], "--tml-status-file") != 0 ||
        !parse_index(argv[2], count, &index)) {
        return usage(prog);
    }
    return run_one(&tests[index], argv[4]);
}
