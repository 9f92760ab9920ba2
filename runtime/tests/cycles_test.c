/*
 * cycles_test.c — the cycle search of the leak report (cycles.c) on hand-built blocks, and the
 * report's ` [reference cycle]` marks and note line for real tracked blocks.
 * Built with TML_TRACKING=1 and =0.
 */
#include "check.h"

#include <stdint.h>

#include "../src/rt_internal.h"

/* A hand-built `Shared[Node]` control block: { strong, weak, value = { next, label } }. */
typedef struct Node {
    int64_t strong;
    int64_t weak;
    void *next;  /* a strong handle's pointer (or NULL) */
    void *label; /* an owned string block (or NULL) */
} Node;

static void trace_node(const void *block, TmlVisitFn visit, void *ctx) {
    const Node *n = block;
    visit(ctx, n->next);
    visit(ctx, n->label);
}

/* A plain box owning one pointer. */
typedef struct Box {
    void *owned;
} Box;

static void trace_box(const void *block, TmlVisitFn visit, void *ctx) {
    visit(ctx, ((const Box *)block)->owned);
}

static const TmlTypeInfo node_info = {"Shared[Node]", TML_KIND_SHARED, trace_node, 0};
static const TmlTypeInfo sync_node_info = {"Sync[Node]", TML_KIND_SYNC, trace_node, 0};
static const TmlTypeInfo box_info = {"Heap[Box]", TML_KIND_PLAIN, trace_box, 0};
/* A `List[Box]` buffer: each 8-byte slot is one Box (an owned pointer). */
static const TmlTypeInfo list_info = {"List[Box]", TML_KIND_ARRAY, trace_box, sizeof(Box)};
/* Same with elem_size 0: never traced. */
static const TmlTypeInfo bad_list_info = {"List[Box]", TML_KIND_ARRAY, trace_box, 0};

static TmlRtLiveBlock block(const void *ptr, const TmlTypeInfo *info, int64_t size) {
    TmlRtLiveBlock b = {.ptr = ptr, .info = info, .size = size};
    return b;
}

/* a <-> b (each strong 1), a owns a label; c (strong 2) is held by a and by something outside
 * the leaked set; d is a plain box nobody points to, owning e (a Shared with strong 1). */
static void test_two_node_cycle(void) {
    static char label[8], c_label[8];
    static Node a, b, c, e;
    static Box d;
    a = (Node){1, 0, &b, label};
    b = (Node){1, 0, &a, &c};
    c = (Node){2, 0, NULL, c_label};
    d = (Box){&e};
    e = (Node){1, 0, NULL, NULL};
    TmlRtLiveBlock blocks[] = {
        block(&a, &node_info, sizeof a),  block(&b, &sync_node_info, sizeof b), block(label, NULL, 8),
        block(&c, &node_info, sizeof c),  block(c_label, NULL, 8),              block(&d, &box_info, sizeof d),
        block(&e, &node_info, sizeof e),
    };
    bool marked[7];
    CHECK_I64(tml_rt_mark_cycles(blocks, 7, marked), 3);
    CHECK(marked[0] && marked[1] && marked[2]);
    CHECK(!marked[3] && !marked[4] && !marked[5] && !marked[6]);
}

/* A self-referencing block is a cycle; a block with strong 0 (value already dropped, kept by
 * weak handles) is not traced and not a cycle; an extra outside reference breaks a cycle. */
static void test_self_cycle_and_dropped_value(void) {
    static Node self, dropped, x, y;
    static char garbage[8];
    self = (Node){1, 0, &self, NULL};
    dropped = (Node){0, 1, &x, garbage};
    x = (Node){2, 0, &y, NULL}; /* referenced by y only: one count comes from outside */
    y = (Node){1, 0, &x, NULL};
    TmlRtLiveBlock blocks[] = {
        block(&self, &node_info, sizeof self), block(&dropped, &node_info, sizeof dropped),
        block(garbage, NULL, 8),               block(&x, &node_info, sizeof x),
        block(&y, &node_info, sizeof y),
    };
    bool marked[5];
    CHECK_I64(tml_rt_mark_cycles(blocks, 5, marked), 1);
    CHECK(marked[0]);
    CHECK(!marked[1] && !marked[2] && !marked[3] && !marked[4]);
}

/* Pointers that are not the start of a leaked block (interior, static, NULL) are ignored. */
static void test_foreign_pointers(void) {
    static Node a, b;
    static char other[16];
    a = (Node){1, 0, &b, other + 4};
    b = (Node){1, 0, &a, (char *)&a + 8};
    TmlRtLiveBlock blocks[] = {block(&a, &node_info, sizeof a), block(&b, &node_info, sizeof b)};
    bool marked[2];
    CHECK_I64(tml_rt_mark_cycles(blocks, 2, marked), 2);
    CHECK_I64(tml_rt_mark_cycles(blocks, 0, marked), 0);
}

/* A cycle through an array block: p's value owns a buffer whose slot 1 holds a strong handle
 * back to p (slots 0 and 2 hold nothing / a foreign pointer). The array's last 4 bytes do not
 * make a whole slot and are not read. A second buffer nobody points to is a root: what it
 * holds (q, strong 1) is an ordinary leak; an elem_size of 0 traces nothing. */
static void test_array_cycle(void) {
    static Box buf[3], root_buf[2], bad_buf[1];
    static char other[8];
    static Node p, q, r;
    p = (Node){1, 0, buf, NULL};
    buf[0] = (Box){NULL};
    buf[1] = (Box){&p};
    buf[2] = (Box){other};
    q = (Node){1, 0, NULL, NULL};
    root_buf[0] = (Box){NULL};
    root_buf[1] = (Box){&q};
    r = (Node){1, 0, bad_buf, NULL};
    bad_buf[0] = (Box){&r};
    TmlRtLiveBlock blocks[] = {
        block(&p, &node_info, sizeof p),          block(buf, &list_info, sizeof buf - 4),
        block(root_buf, &list_info, sizeof root_buf), block(&q, &node_info, sizeof q),
        block(&r, &node_info, sizeof r),          block(bad_buf, &bad_list_info, sizeof bad_buf),
    };
    bool marked[6];
    CHECK_I64(tml_rt_mark_cycles(blocks, 6, marked), 2);
    CHECK(marked[0] && marked[1]);
    CHECK(!marked[2] && !marked[3] && !marked[4] && !marked[5]);
}

/* tml_alloc_info / tml_realloc_info zero-fill an ARRAY block's new bytes (tracking builds). */
static void test_array_zero_fill(void) {
#if TML_TRACKING
    static const TmlSite site = {"list.tml", 1, 1, NULL};
    int64_t live = tml_live_allocations();
    uint8_t *p = tml_alloc_info(24, 8, &site, &list_info);
    bool zero = true;
    for (int i = 0; i < 24; i++) zero = zero && p[i] == 0;
    CHECK(zero);
    for (int i = 0; i < 24; i++) p[i] = 0xAB;
    p = tml_realloc_info(p, 64, 8, &site, &list_info);
    bool kept = true;
    for (int i = 0; i < 24; i++) kept = kept && p[i] == 0xAB;
    for (int i = 24; i < 64; i++) zero = zero && p[i] == 0;
    CHECK(kept && zero);
    p = tml_realloc_info(p, 16, 8, &site, &list_info);
    CHECK(p[15] == 0xAB);
    tml_free(p);
    CHECK_I64(tml_live_allocations(), live);
#endif
}

/* ---------------------------------------------------------------- the report (children) */

static const TmlSite site_a = {"cycle.tml", 18, 13, NULL};
static const TmlSite site_b = {"cycle.tml", 19, 13, NULL};
static const TmlSite site_label = {"cycle.tml", 20, 5, "Str"};
static const TmlSite site_box = {"cycle.tml", 30, 1, "Heap[I64]"};

static Node *new_node(const TmlSite *site) {
    Node *n = tml_alloc_info(sizeof(Node), 8, site, &node_info);
    *n = (Node){1, 0, NULL, NULL};
    return n;
}

static void leak_cycle(void) {
    tml_rt_init(0, NULL, true);
    Node *a = new_node(&site_a);
    Node *b = new_node(&site_b);
    a->next = b;
    b->next = a;
    a->label = tml_alloc(8, 8, &site_label);
    tml_alloc(8, 8, &site_box);
    _exit(tml_rt_shutdown(0));
}

static void leak_no_cycle(void) {
    tml_rt_init(0, NULL, true);
    Node *a = new_node(&site_a);
    a->label = tml_alloc(8, 8, &site_label);
    void *grown = tml_realloc_info(NULL, 8, 8, &site_b, &node_info);
    *(Node *)tml_realloc_info(grown, sizeof(Node), 8, &site_b, &node_info) = (Node){2, 0, NULL, NULL};
    _exit(tml_rt_shutdown(0));
}

static void test_report(void) {
#if TML_TRACKING
    CHECK_CHILD(leak_cycle, 3, "",
                "leak check: 4 allocations (80 bytes) still live at exit\n"
                "  at cycle.tml:18:13: 1 x Shared[Node] (32 bytes) [reference cycle]\n"
                "  at cycle.tml:19:13: 1 x Shared[Node] (32 bytes) [reference cycle]\n"
                "  at cycle.tml:20:5: 1 x Str (8 bytes) [reference cycle]\n"
                "  at cycle.tml:30:1: 1 x Heap[I64] (8 bytes)\n"
                "note: reference cycles are never freed; use Weak for back-references\n");
    CHECK_CHILD(leak_no_cycle, 3, "",
                "leak check: 3 allocations (72 bytes) still live at exit\n"
                "  at cycle.tml:18:13: 1 x Shared[Node] (32 bytes)\n"
                "  at cycle.tml:19:13: 1 x Shared[Node] (32 bytes)\n"
                "  at cycle.tml:20:5: 1 x Str (8 bytes)\n");
#else
    CHECK_CHILD(leak_cycle, 0, "", "");
    CHECK_CHILD(leak_no_cycle, 0, "", "");
#endif
}

int main(void) {
    test_two_node_cycle();
    test_self_cycle_and_dropped_value();
    test_foreign_pointers();
    test_array_cycle();
    test_array_zero_fill();
    test_report();
    return check_report(TML_TRACKING ? "cycles_test (tracking)" : "cycles_test (no tracking)");
}
