/*
 * alloc.c — the allocator behind tml_alloc/tml_free.
 *
 * TML_TRACKING=1: every block is preceded by a BlockHeader that links it into an intrusive
 * doubly-linked live list (O(1) insert and remove) and records a copy of its site (with the
 * reported type), its type info and requested size; two counters hold the live blocks and
 * bytes. The header size is a multiple
 * of 16 and malloc returns 16-byte aligned memory, so user data keeps any alignment ≤ 16.
 * ARRAY blocks get their new bytes zero-filled (tml_runtime.h), so the cycle search can walk
 * every slot. Also home of the atomic helper behind `SyncWeak::upgrade`.
 *
 * TML_TRACKING=0: straight malloc/realloc/free; the introspection calls return 0.
 */
#include <stdalign.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_internal.h"

_Static_assert(alignof(max_align_t) >= 16, "malloc must return 16-byte aligned blocks");

/* Panics for a failed or impossible request (negative size, size overflow, malloc NULL). */
static _Noreturn void alloc_failed(const TmlSite *site, int64_t size) {
    char msg[96];
    snprintf(msg, sizeof msg, "memory allocation of %lld bytes failed", (long long)size);
    tml_panic(site, msg);
}

/* Checks the documented preconditions on `align` (power of two ≤ 16, or 0). */
static void check_align(int64_t align, const TmlSite *site) {
    if (align < 0 || align > 16 || (align & (align - 1)) != 0) {
        char msg[96];
        snprintf(msg, sizeof msg, "invalid allocation alignment %lld", (long long)align);
        tml_panic(site, msg);
    }
}

#if TML_TRACKING

typedef struct BlockHeader {
    alignas(16) struct BlockHeader *prev;
    struct BlockHeader *next;
    TmlSite site; /* copy; file NULL when allocated without a site */
    const TmlTypeInfo *info;
    int64_t size;
} BlockHeader;

_Static_assert(sizeof(BlockHeader) % 16 == 0, "header must keep user data 16-byte aligned");

/* Sentinel of the circular live list. */
static BlockHeader live_head = {.prev = &live_head, .next = &live_head};
static int64_t live_blocks;
static int64_t live_bytes;

static void link_block(BlockHeader *h) {
    h->prev = &live_head;
    h->next = live_head.next;
    live_head.next->prev = h;
    live_head.next = h;
    live_blocks += 1;
    live_bytes += h->size;
}

static void unlink_block(BlockHeader *h) {
    h->prev->next = h->next;
    h->next->prev = h->prev;
    live_blocks -= 1;
    live_bytes -= h->size;
}

/* Whether blocks with this info are ARRAY blocks, whose unused slots must stay zeroed. */
static bool is_array(const TmlTypeInfo *info) {
    return info != NULL && info->kind == TML_KIND_ARRAY;
}

/* Fills the header's site copy, type and info. */
static void describe(BlockHeader *h, const TmlSite *site, const char *type_name, const TmlTypeInfo *info) {
    static const TmlSite no_site = {.file = NULL, .line = 0, .col = 0, .type_name = NULL};
    h->site = site != NULL ? *site : no_site;
    if (type_name != NULL) {
        h->site.type_name = type_name;
    } else if (info != NULL && info->name != NULL) {
        h->site.type_name = info->name;
    }
    h->info = info;
}

void *tml_rt_alloc_full(int64_t size, int64_t align, const TmlSite *site, const char *type_name,
                        const TmlTypeInfo *info) {
    check_align(align, site);
    if (size < 0 || (uint64_t)size > SIZE_MAX - sizeof(BlockHeader)) alloc_failed(site, size);
    BlockHeader *h = malloc(sizeof(BlockHeader) + (size_t)size);
    if (h == NULL) alloc_failed(site, size);
    describe(h, site, type_name, info);
    h->size = size;
    link_block(h);
    if (is_array(info)) memset(h + 1, 0, (size_t)size);
    return h + 1;
}

/* Resizes `ptr` to `new_size` bytes (contents kept up to the smaller size); the block is
 * re-registered under `site` and `info`. Panics like tml_alloc on failure (the old block is
 * then still valid and registered). */
void *tml_realloc_info(void *ptr, int64_t new_size, int64_t align, const TmlSite *site, const TmlTypeInfo *info) {
    if (ptr == NULL) return tml_alloc_info(new_size, align, site, info);
    check_align(align, site);
    if (new_size < 0 || (uint64_t)new_size > SIZE_MAX - sizeof(BlockHeader)) alloc_failed(site, new_size);
    BlockHeader *old = (BlockHeader *)ptr - 1;
    int64_t old_size = old->size;
    unlink_block(old);
    BlockHeader *h = realloc(old, sizeof(BlockHeader) + (size_t)new_size);
    if (h == NULL) {
        link_block(old);
        alloc_failed(site, new_size);
    }
    describe(h, site, NULL, info);
    h->size = new_size;
    link_block(h);
    if (is_array(info) && new_size > old_size) memset((char *)(h + 1) + old_size, 0, (size_t)(new_size - old_size));
    return h + 1;
}

/* Unregisters and frees a block from tml_alloc/tml_realloc; NULL is ignored. */
void tml_free(void *ptr) {
    if (ptr == NULL) return;
    BlockHeader *h = (BlockHeader *)ptr - 1;
    unlink_block(h);
    free(h);
}

/* Number of blocks currently registered. */
int64_t tml_live_allocations(void) {
    return live_blocks;
}

/* Sum of the requested sizes (bytes) of the registered blocks. */
int64_t tml_live_bytes(void) {
    return live_bytes;
}

int64_t tml_rt_live_snapshot(TmlRtLiveBlock *out, int64_t cap) {
    int64_t n = 0;
    for (BlockHeader *h = live_head.next; h != &live_head && n < cap; h = h->next) {
        out[n].ptr = h + 1;
        out[n].site = h->site;
        out[n].info = h->info;
        out[n].size = h->size;
        n += 1;
    }
    return n;
}

#else /* !TML_TRACKING: same contracts as above, without registration */

void *tml_rt_alloc_full(int64_t size, int64_t align, const TmlSite *site, const char *type_name,
                        const TmlTypeInfo *info) {
    (void)type_name;
    (void)info;
    check_align(align, site);
    if (size < 0) alloc_failed(site, size);
    void *p = malloc(size > 0 ? (size_t)size : 1);
    if (p == NULL) alloc_failed(site, size);
    return p;
}

void *tml_realloc_info(void *ptr, int64_t new_size, int64_t align, const TmlSite *site, const TmlTypeInfo *info) {
    (void)info;
    check_align(align, site);
    if (new_size < 0) alloc_failed(site, new_size);
    void *p = realloc(ptr, new_size > 0 ? (size_t)new_size : 1);
    if (p == NULL) alloc_failed(site, new_size);
    return p;
}

void tml_free(void *ptr) {
    free(ptr);
}

int64_t tml_live_allocations(void) {
    return 0;
}

int64_t tml_live_bytes(void) {
    return 0;
}

int64_t tml_rt_live_snapshot(TmlRtLiveBlock *out, int64_t cap) {
    (void)out;
    (void)cap;
    return 0;
}

#endif /* TML_TRACKING */

/* `size` bytes aligned to `align` (≤ 16), registered under `site` (may be NULL: reported at
 * `<unknown>`). Never NULL; a failed or negative request panics with `memory allocation of N
 * bytes failed`, an invalid alignment with `invalid allocation alignment N`. */
void *tml_alloc(int64_t size, int64_t align, const TmlSite *site) {
    return tml_rt_alloc_full(size, align, site, NULL, NULL);
}

/* tml_alloc reported as `info->name` and traced by `info` (see tml_runtime.h). */
void *tml_alloc_info(int64_t size, int64_t align, const TmlSite *site, const TmlTypeInfo *info) {
    return tml_rt_alloc_full(size, align, site, NULL, info);
}

/* tml_realloc_info without type info: the block is reported under `site`'s type. */
void *tml_realloc(void *ptr, int64_t new_size, int64_t align, const TmlSite *site) {
    return tml_realloc_info(ptr, new_size, align, site, NULL);
}

/* tml_alloc, with the `size` bytes zero-filled. */
void *tml_alloc_zeroed(int64_t size, int64_t align, const TmlSite *site) {
    void *p = tml_alloc(size, align, site);
    memset(p, 0, (size_t)size);
    return p;
}

/* `SyncWeak::upgrade`'s compare-and-swap: increments `*count` only while it is positive. */
bool tml_atomic_increment_if_positive(int64_t *count) {
    int64_t seen = __atomic_load_n(count, __ATOMIC_SEQ_CST);
    while (seen > 0) {
        if (__atomic_compare_exchange_n(count, &seen, seen + 1, true, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
            return true;
        }
    }
    return false;
}
