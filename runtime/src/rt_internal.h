/*
 * rt_internal.h — declarations shared between the runtime's translation units. Not part of
 * the ABI: generated code only uses tml_runtime.h.
 */
#ifndef TML_RT_INTERNAL_H
#define TML_RT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "tml_runtime.h"

#ifndef TML_TRACKING
#error "compile the runtime with -DTML_TRACKING=0 or -DTML_TRACKING=1"
#endif

/* ---------------------------------------------------------------- alloc.c */

/* Like tml_alloc_info with a type name overriding both `site->type_name` and `info->name`
 * (NULL: the info's name, else the site's). */
void *tml_rt_alloc_full(int64_t size, int64_t align, const TmlSite *site, const char *type_name,
                        const TmlTypeInfo *info);

/* One live block as seen by the leak report. */
typedef struct TmlRtLiveBlock {
    const void *ptr;           /* the block (as returned by the allocator) */
    TmlSite site;              /* copy of the allocation site; file NULL when there was none;
                                * type_name is the reported type (NULL: shown as `raw`) */
    const TmlTypeInfo *info;   /* may be NULL */
    int64_t size;              /* requested size in bytes */
} TmlRtLiveBlock;

/* Copies up to `cap` live blocks into `out` (in no particular order) and returns how many were
 * copied. Always 0 when tracking is off. */
int64_t tml_rt_live_snapshot(TmlRtLiveBlock *out, int64_t cap);

/* ---------------------------------------------------------------- cycles.c */

/* Cycle search over the leaked blocks (MEMORY.md §12, trial deletion): traces every block with
 * type info, counts the strong references each live SHARED/SYNC block (strong > 0) receives
 * from other leaked blocks, and takes as roots the shared blocks whose strong count is not
 * fully explained by those references plus every other block no leaked block points to.
 * Sets marked[i] for every block not reachable from a root (cycle members and what they own)
 * and returns how many were marked. `marked` has room for `n` entries. */
int64_t tml_rt_mark_cycles(const TmlRtLiveBlock *blocks, int64_t n, bool *marked);

/* ---------------------------------------------------------------- leak.c */

/* Records that a pool created at `site` was dropped while `outstanding` objects were still
 * acquired (reported by the leak check; the site is copied). */
void tml_rt_record_pool_event(const TmlSite *site, int64_t outstanding);

/* Writes the leak report (MEMORY.md §12) to stderr if any tracked block is live, after
 * flushing stdout. Returns true if a report was written. */
bool tml_rt_report_leaks(void);

/* ---------------------------------------------------------------- io.c */

/* Writes buffered stdout bytes to fd 1. Safe to call from the stack-overflow handler. */
void tml_rt_flush_stdout(void);
/* Appends `len` bytes to the stdout buffer (flushing it when full). */
void tml_rt_write_stdout(const void *bytes, size_t len);
/* Flushes stdout, then writes `len` bytes to fd 2 unbuffered. */
void tml_rt_write_stderr(const void *bytes, size_t len);
/* printf-style tml_rt_write_stderr (message truncated to 4 KiB). */
void tml_rt_eprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---------------------------------------------------------------- panic.c */

/* Installs the SIGSEGV/SIGBUS handler that reports stack overflow (see tml_rt_init). */
void tml_rt_install_stack_overflow_handler(void);

/* ---------------------------------------------------------------- str.c */

/* Allocates a string block of `len` bytes (contents uninitialised, NUL terminator written)
 * with rc 1, registered as type `Str` at `site`. Panics when len < 0. */
TmlStr *tml_rt_str_alloc(int64_t len, const TmlSite *site);

/* ---------------------------------------------------------------- str_search.c */

/* True if `i` (0 ≤ i ≤ len) is the start of a UTF-8 sequence or the end of the string. */
bool tml_rt_is_char_boundary(const TmlStr *s, int64_t i);
/* Panics with `byte index I is out of bounds of `TEXT`` (TEXT truncated like Rust). */
_Noreturn void tml_rt_panic_out_of_bounds(const TmlSite *site, const TmlStr *s, int64_t i);

#endif /* TML_RT_INTERNAL_H */
