/*
 * cycles.c — finds the leaked blocks that belong to, or are owned by, reference cycles of
 * `Shared`/`Sync` blocks (MEMORY.md §12), for the leak report.
 *
 * Trial deletion over the leaked blocks only: every block with type info is traced (an ARRAY
 * block slot by slot) to get the ownership edges between leaked blocks. A live shared block
 * (strong > 0) whose strong count exceeds the number of edges pointing at it is referenced
 * from outside the leaked set (a root); so is any other block no leaked block points to (and a shared block whose value is
 * already dropped, strong <= 0, which only weak handles keep alive). Everything reachable from
 * a root is an ordinary leak; the rest is kept alive only by the cycle and is marked.
 *
 * Runs once, at exit; working memory comes from malloc and is freed before returning.
 */
#include <stdlib.h>

#include "rt_internal.h"

/* An ownership edge between two leaked blocks (indices into the block array). */
typedef struct Edge {
    int64_t from;
    int64_t to;
} Edge;

/* State shared with the visit callback. */
typedef struct Tracer {
    const TmlRtLiveBlock *blocks;
    const int64_t *by_addr; /* block indices sorted by address */
    int64_t n;
    int64_t from; /* block being traced */
    Edge *edges;
    int64_t edge_count;
    int64_t edge_cap;
    bool failed; /* out of memory: give up on cycle detection */
} Tracer;

static const TmlRtLiveBlock *sort_blocks;

static int compare_addr(const void *pa, const void *pb) {
    uintptr_t a = (uintptr_t)sort_blocks[*(const int64_t *)pa].ptr;
    uintptr_t b = (uintptr_t)sort_blocks[*(const int64_t *)pb].ptr;
    return (a > b) - (a < b);
}

/* Index of the block starting exactly at `p`, or -1. */
static int64_t find_block(const Tracer *t, const void *p) {
    int64_t lo = 0;
    int64_t hi = t->n;
    while (lo < hi) {
        int64_t mid = lo + (hi - lo) / 2;
        uintptr_t m = (uintptr_t)t->blocks[t->by_addr[mid]].ptr;
        if (m == (uintptr_t)p) return t->by_addr[mid];
        if (m < (uintptr_t)p) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return -1;
}

static void visit(void *ctx, const void *ptr) {
    Tracer *t = ctx;
    if (ptr == NULL || t->failed) return;
    int64_t to = find_block(t, ptr);
    if (to < 0) return;
    if (t->edge_count == t->edge_cap) {
        int64_t cap = t->edge_cap == 0 ? 64 : t->edge_cap * 2;
        Edge *e = realloc(t->edges, (size_t)cap * sizeof *e);
        if (e == NULL) {
            t->failed = true;
            return;
        }
        t->edges = e;
        t->edge_cap = cap;
    }
    t->edges[t->edge_count++] = (Edge){.from = t->from, .to = to};
}

static bool is_shared(const TmlRtLiveBlock *b) {
    return b->info != NULL && (b->info->kind == TML_KIND_SHARED || b->info->kind == TML_KIND_SYNC);
}

/* The strong count of a shared block (atomic read for Sync blocks). */
static int64_t strong_count(const TmlRtLiveBlock *b) {
    int64_t *strong = (int64_t *)b->ptr;
    if (b->info->kind == TML_KIND_SYNC) return __atomic_load_n(strong, __ATOMIC_SEQ_CST);
    return *strong;
}

/* Whether the block's contents are alive and may be traced. */
static bool traceable(const TmlRtLiveBlock *b) {
    if (b->info == NULL || b->info->trace == NULL) return false;
    if (is_shared(b) && (b->size < (int64_t)sizeof(int64_t) || strong_count(b) <= 0)) return false;
    return true;
}

/* Reports the edges out of a traceable block: its contents, or every slot of an ARRAY block
 * (unused slots are zeroed, tml_runtime.h). */
static void trace_block(const TmlRtLiveBlock *b, Tracer *t) {
    const TmlTypeInfo *info = b->info;
    if (info->kind != TML_KIND_ARRAY) {
        info->trace(b->ptr, visit, t);
        return;
    }
    if (info->elem_size <= 0) return;
    const char *base = b->ptr;
    for (int64_t off = 0; off + info->elem_size <= b->size && !t->failed; off += info->elem_size) {
        info->trace(base + off, visit, t);
    }
}

/* Marks the blocks not reachable from a root (see the file comment), given the edges. */
static int64_t mark_unreachable(const TmlRtLiveBlock *blocks, int64_t n, const Edge *edges, int64_t m,
                                bool *marked) {
    int64_t *incoming = calloc((size_t)n + 1, sizeof *incoming);
    int64_t *start = calloc((size_t)n + 1, sizeof *start);
    int64_t *adj = malloc(((size_t)m + 1) * sizeof *adj);
    int64_t *stack = malloc(((size_t)n + 1) * sizeof *stack);
    int64_t count = 0;
    if (incoming == NULL || start == NULL || adj == NULL || stack == NULL) goto done;
    for (int64_t e = 0; e < m; e++) {
        incoming[edges[e].to] += 1;
        start[edges[e].from + 1] += 1;
    }
    for (int64_t i = 0; i < n; i++) start[i + 1] += start[i];
    {
        int64_t *fill = stack; /* reused as a per-block cursor while building adjacency lists */
        for (int64_t i = 0; i < n; i++) fill[i] = start[i];
        for (int64_t e = 0; e < m; e++) adj[fill[edges[e].from]++] = edges[e].to;
    }
    int64_t top = 0;
    for (int64_t i = 0; i < n; i++) {
        bool root;
        if (is_shared(&blocks[i]) && blocks[i].size >= (int64_t)sizeof(int64_t)) {
            int64_t strong = strong_count(&blocks[i]);
            root = strong <= 0 || strong > incoming[i];
        } else {
            root = incoming[i] == 0;
        }
        marked[i] = !root;
        if (root) stack[top++] = i;
    }
    while (top > 0) {
        int64_t i = stack[--top];
        for (int64_t k = start[i]; k < start[i + 1]; k++) {
            int64_t j = adj[k];
            if (marked[j]) {
                marked[j] = false;
                stack[top++] = j;
            }
        }
    }
    for (int64_t i = 0; i < n; i++) count += marked[i];
done:
    if (count == 0) {
        for (int64_t i = 0; i < n; i++) marked[i] = false;
    }
    free(incoming);
    free(start);
    free(adj);
    free(stack);
    return count;
}

int64_t tml_rt_mark_cycles(const TmlRtLiveBlock *blocks, int64_t n, bool *marked) {
    for (int64_t i = 0; i < n; i++) marked[i] = false;
    if (n == 0) return 0;
    int64_t *by_addr = malloc((size_t)n * sizeof *by_addr);
    if (by_addr == NULL) return 0;
    for (int64_t i = 0; i < n; i++) by_addr[i] = i;
    sort_blocks = blocks;
    qsort(by_addr, (size_t)n, sizeof *by_addr, compare_addr);
    Tracer t = {.blocks = blocks, .by_addr = by_addr, .n = n};
    for (int64_t i = 0; i < n && !t.failed; i++) {
        if (!traceable(&blocks[i])) continue;
        t.from = i;
        trace_block(&blocks[i], &t);
    }
    int64_t count = t.failed ? 0 : mark_unreachable(blocks, n, t.edges, t.edge_count, marked);
    free(t.edges);
    free(by_addr);
    return count;
}
