/*
 * leak.c — the leak report (MEMORY.md §12): live blocks grouped by (site, type) and pool
 * events, sorted by file, line, column and type; groups made only of cycle members (or blocks
 * they own, see cycles.c) end with ` [reference cycle]`.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

/* One line of the report: a group of leaked blocks, or a pool event. */
typedef struct ReportLine {
    TmlSite site;
    int64_t count;
    int64_t bytes;
    bool all_cycle; /* every block of the group is marked */
    bool pool_event;
} ReportLine;

/* Recorded pool events (kept until exit; reachable from here). */
static ReportLine *pool_events;
static int64_t pool_event_count;
static int64_t pool_event_cap;

void tml_rt_record_pool_event(const TmlSite *site, int64_t outstanding) {
    if (pool_event_count == pool_event_cap) {
        int64_t cap = pool_event_cap == 0 ? 4 : pool_event_cap * 2;
        ReportLine *e = realloc(pool_events, (size_t)cap * sizeof *e);
        if (e == NULL) return;
        pool_events = e;
        pool_event_cap = cap;
    }
    ReportLine *e = &pool_events[pool_event_count++];
    *e = (ReportLine){.site = *site, .count = outstanding, .pool_event = true};
    if (e->site.file == NULL) e->site.file = "<unknown>";
}

static const char *type_or_raw(const char *type_name) {
    return type_name != NULL ? type_name : "raw";
}

static int compare_i32(int32_t a, int32_t b) {
    return (a > b) - (a < b);
}

/* Order of report lines: file, line, column, then groups by type, then pool events. */
static int compare_sites(const TmlSite *a, bool a_event, const TmlSite *b, bool b_event) {
    int c = strcmp(a->file, b->file);
    if (c == 0) c = compare_i32(a->line, b->line);
    if (c == 0) c = compare_i32(a->col, b->col);
    if (c == 0) c = (a_event > b_event) - (a_event < b_event);
    if (c == 0) c = strcmp(type_or_raw(a->type_name), type_or_raw(b->type_name));
    return c;
}

static int compare_lines(const void *pa, const void *pb) {
    const ReportLine *a = pa;
    const ReportLine *b = pb;
    return compare_sites(&a->site, a->pool_event, &b->site, b->pool_event);
}

static void print_line(const ReportLine *l) {
    if (l->pool_event) {
        tml_rt_eprintf("  at %s:%" PRId32 ":%" PRId32 ": pool dropped while %" PRId64 " %s still acquired\n",
                       l->site.file, l->site.line, l->site.col, l->count,
                       l->count == 1 ? "object was" : "objects were");
        return;
    }
    tml_rt_eprintf("  at %s:%" PRId32 ":%" PRId32 ": %" PRId64 " x %s (%" PRId64 " bytes)%s\n", l->site.file,
                   l->site.line, l->site.col, l->count, type_or_raw(l->site.type_name), l->bytes,
                   l->all_cycle ? " [reference cycle]" : "");
}

/* Builds one line per (site, type) group of `blocks` plus one per pool event, sorted. Returns
 * the number of lines written to `lines` (room for n + pool_event_count). */
static int64_t build_lines(TmlRtLiveBlock *blocks, const bool *marked, int64_t n, ReportLine *lines) {
    int64_t k = 0;
    for (int64_t i = 0; i < n; i++) {
        lines[k++] = (ReportLine){.site = blocks[i].site, .count = 1, .bytes = blocks[i].size, .all_cycle = marked[i]};
    }
    for (int64_t i = 0; i < pool_event_count; i++) lines[k++] = pool_events[i];
    qsort(lines, (size_t)k, sizeof *lines, compare_lines);
    int64_t out = 0;
    for (int64_t i = 0; i < k; i++) {
        ReportLine *prev = out > 0 ? &lines[out - 1] : NULL;
        if (prev != NULL && !prev->pool_event && !lines[i].pool_event &&
            compare_lines(prev, &lines[i]) == 0) {
            prev->count += 1;
            prev->bytes += lines[i].bytes;
            prev->all_cycle = prev->all_cycle && lines[i].all_cycle;
        } else {
            lines[out++] = lines[i];
        }
    }
    return out;
}

bool tml_rt_report_leaks(void) {
    int64_t count = tml_live_allocations();
    if (count == 0 && pool_event_count == 0) return false;
    tml_rt_eprintf("leak check: %" PRId64 " allocation%s (%" PRId64 " bytes) still live at exit\n", count,
                   count == 1 ? "" : "s", tml_live_bytes());
    TmlRtLiveBlock *blocks = malloc(((size_t)count + 1) * sizeof *blocks);
    bool *marked = calloc((size_t)count + 1, sizeof *marked);
    ReportLine *lines = malloc(((size_t)(count + pool_event_count) + 1) * sizeof *lines);
    if (blocks != NULL && marked != NULL && lines != NULL) {
        int64_t n = tml_rt_live_snapshot(blocks, count);
        int64_t cycles = tml_rt_mark_cycles(blocks, n, marked);
        for (int64_t i = 0; i < n; i++) {
            if (blocks[i].site.file == NULL) blocks[i].site = (TmlSite){.file = "<unknown>", .type_name = blocks[i].site.type_name};
        }
        int64_t m = build_lines(blocks, marked, n, lines);
        for (int64_t i = 0; i < m; i++) print_line(&lines[i]);
        if (cycles > 0) tml_rt_eprintf("note: reference cycles are never freed; use Weak for back-references\n");
    }
    free(blocks);
    free(marked);
    free(lines);
    return true;
}
