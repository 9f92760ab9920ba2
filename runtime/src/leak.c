/*
 * leak.c — the leak report (MEMORY.md §12): live blocks grouped by (site, type), sorted by
 * file, line, column and type.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

/* Blocks with no site are reported at this location. */
static const TmlSite unknown_site = {.file = "<unknown>", .line = 0, .col = 0, .type_name = NULL};

/* All leaked blocks of one (site, type) pair. */
typedef struct LeakGroup {
    const TmlSite *site;
    const char *type_name;
    int64_t count;
    int64_t bytes;
} LeakGroup;

static const char *type_or_raw(const char *type_name) {
    return type_name != NULL ? type_name : "raw";
}

static int compare_i32(int32_t a, int32_t b) {
    return (a > b) - (a < b);
}

/* Order of report lines: file, line, column, type. */
static int compare_blocks(const void *pa, const void *pb) {
    const TmlRtLiveBlock *a = pa;
    const TmlRtLiveBlock *b = pb;
    int c = strcmp(a->site->file, b->site->file);
    if (c == 0) c = compare_i32(a->site->line, b->site->line);
    if (c == 0) c = compare_i32(a->site->col, b->site->col);
    if (c == 0) c = strcmp(type_or_raw(a->type_name), type_or_raw(b->type_name));
    return c;
}

static void print_group(const LeakGroup *g) {
    tml_rt_eprintf("  at %s:%" PRId32 ":%" PRId32 ": %" PRId64 " x %s (%" PRId64 " bytes)\n", g->site->file,
                   g->site->line, g->site->col, g->count, type_or_raw(g->type_name), g->bytes);
}

/* Prints one line per group of the sorted blocks. */
static void print_groups(const TmlRtLiveBlock *blocks, int64_t n) {
    int64_t i = 0;
    while (i < n) {
        LeakGroup g = {.site = blocks[i].site, .type_name = blocks[i].type_name, .count = 0, .bytes = 0};
        int64_t j = i;
        while (j < n && compare_blocks(&blocks[i], &blocks[j]) == 0) {
            g.count += 1;
            g.bytes += blocks[j].size;
            j += 1;
        }
        print_group(&g);
        i = j;
    }
}

bool tml_rt_report_leaks(void) {
    int64_t count = tml_live_allocations();
    if (count == 0) return false;
    tml_rt_eprintf("leak check: %" PRId64 " allocation%s (%" PRId64 " bytes) still live at exit\n", count,
                   count == 1 ? "" : "s", tml_live_bytes());
    TmlRtLiveBlock *blocks = malloc((size_t)count * sizeof *blocks);
    if (blocks == NULL) return true;
    int64_t n = tml_rt_live_snapshot(blocks, count);
    for (int64_t i = 0; i < n; i++) {
        if (blocks[i].site == NULL) blocks[i].site = &unknown_site;
    }
    qsort(blocks, (size_t)n, sizeof *blocks, compare_blocks);
    print_groups(blocks, n);
    free(blocks);
    return true;
}
