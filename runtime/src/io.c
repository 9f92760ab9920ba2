/*
 * io.c — program output. stdout goes through a private 64 KiB buffer (flushed when full, at
 * exit, before a panic message and before every stderr write); stderr is unbuffered. Both use
 * write(2) directly so that nothing depends on stdio's atexit flushing.
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "rt_internal.h"

enum { STDOUT_BUFFER_SIZE = 64 * 1024 };

static unsigned char out_buf[STDOUT_BUFFER_SIZE];
static size_t out_len;

/* Writes all iovecs to `fd`, retrying on EINTR and short writes; gives up on other errors
 * (there is nowhere left to report them). Async-signal-safe. */
static void write_all_v(int fd, struct iovec *iov, int count) {
    while (count > 0) {
        ssize_t n = writev(fd, iov, count);
        if (n < 0) {
            if (errno == EINTR) continue;
            return;
        }
        size_t done = (size_t)n;
        while (count > 0 && done >= iov->iov_len) {
            done -= iov->iov_len;
            iov += 1;
            count -= 1;
        }
        if (count > 0) {
            iov->iov_base = (unsigned char *)iov->iov_base + done;
            iov->iov_len -= done;
        }
    }
}

static void write_all(int fd, const void *bytes, size_t len) {
    struct iovec iov = {.iov_base = (void *)bytes, .iov_len = len};
    write_all_v(fd, &iov, 1);
}

void tml_rt_flush_stdout(void) {
    size_t len = out_len;
    out_len = 0;
    write_all(STDOUT_FILENO, out_buf, len);
}

void tml_rt_write_stdout(const void *bytes, size_t len) {
    if (len > sizeof out_buf - out_len) {
        tml_rt_flush_stdout();
        if (len >= sizeof out_buf) {
            write_all(STDOUT_FILENO, bytes, len);
            return;
        }
    }
    memcpy(out_buf + out_len, bytes, len);
    out_len += len;
}

void tml_rt_write_stderr(const void *bytes, size_t len) {
    tml_rt_flush_stdout();
    write_all(STDERR_FILENO, bytes, len);
}

void tml_rt_eprintf(const char *fmt, ...) {
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    size_t len = (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1;
    tml_rt_write_stderr(buf, len);
}

/* Stream 2 is stderr; any other value means stdout. Borrows `s`. */
void tml_print(const TmlStr *s, int32_t stream, bool newline) {
    if (stream == 2) {
        tml_rt_flush_stdout();
        struct iovec iov[2] = {
            {.iov_base = (void *)s->data, .iov_len = (size_t)s->len},
            {.iov_base = (void *)"\n", .iov_len = newline ? 1 : 0},
        };
        write_all_v(STDERR_FILENO, iov, 2);
        return;
    }
    tml_rt_write_stdout(s->data, (size_t)s->len);
    if (newline) tml_rt_write_stdout("\n", 1);
}
