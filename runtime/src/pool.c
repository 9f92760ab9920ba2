/*
 * pool.c — object pools: fixed-size slots in chunks and a LIFO free list (MEMORY.md §11.2; API
 * in tml_runtime.h). Chunks are tracked blocks; the bookkeeping (this struct, the chunk array,
 * the free list and the per-slot "acquired" flags) uses plain malloc.
 */
#include <stdio.h>
#include <stdlib.h>

#include "rt_internal.h"

typedef struct PoolChunk {
    unsigned char *base;
    int64_t first; /* number of the chunk's first slot */
    int64_t count; /* slots in the chunk */
} PoolChunk;

struct TmlPool {
    int64_t stride; /* bytes between slots */
    int64_t align;
    int32_t policy;
    int64_t step;
    TmlDropFn drop;
    TmlSite site; /* creation site (copy) */
    PoolChunk *chunks;
    int64_t chunk_count;
    void **free_list; /* top at free_list[free_count - 1]; room for `capacity` */
    int64_t free_count;
    bool *acquired; /* per slot number */
    int64_t capacity;
    int64_t in_use;
    int64_t high_water;
    int64_t acquire_count;
    int64_t grow_count;
    bool dropped; /* the owner is gone; freed with the last release */
};

static _Noreturn void out_of_memory(const TmlSite *site) {
    tml_panic(site, "pool bookkeeping allocation failed");
}

/* Reserves a chunk of `count` more slots and pushes them, lowest number on top. */
static void grow(TmlPool *p, int64_t count) {
    int64_t capacity = p->capacity + count;
    PoolChunk *chunks = realloc(p->chunks, (size_t)(p->chunk_count + 1) * sizeof *chunks);
    if (chunks == NULL) out_of_memory(&p->site);
    p->chunks = chunks;
    void **free_list = realloc(p->free_list, (size_t)capacity * sizeof *free_list);
    bool *acquired = realloc(p->acquired, (size_t)capacity * sizeof *acquired);
    if (free_list == NULL || acquired == NULL) out_of_memory(&p->site);
    p->free_list = free_list;
    p->acquired = acquired;
    unsigned char *base = tml_alloc(p->stride * count, p->align <= 16 ? p->align : 16, &p->site);
    p->chunks[p->chunk_count++] = (PoolChunk){.base = base, .first = p->capacity, .count = count};
    for (int64_t i = count - 1; i >= 0; i--) p->free_list[p->free_count++] = base + i * p->stride;
    for (int64_t i = p->capacity; i < capacity; i++) p->acquired[i] = false;
    p->capacity = capacity;
}

TmlPool *tml_pool_new(int64_t slot_size, int64_t slot_align, int64_t initial_capacity, int32_t policy,
                      int64_t step, TmlDropFn drop, const TmlSite *site) {
    if (initial_capacity < 1) {
        char msg[96];
        snprintf(msg, sizeof msg, "pool capacity must be at least 1 (got %lld)", (long long)initial_capacity);
        tml_panic(site, msg);
    }
    TmlPool *p = calloc(1, sizeof *p);
    if (p == NULL) out_of_memory(site);
    p->align = slot_align > 0 ? slot_align : 1;
    p->stride = (slot_size + p->align - 1) / p->align * p->align;
    if (p->stride == 0) p->stride = p->align;
    p->policy = policy;
    p->step = step;
    p->drop = drop;
    if (site != NULL) p->site = *site;
    grow(p, initial_capacity);
    return p;
}

/* Capacity after one growth step (equal to `current` when the policy cannot grow). */
static int64_t next_capacity(const TmlPool *p, int64_t current) {
    switch (p->policy) {
    case TML_GROW_DOUBLING:
        return current * 2;
    case TML_GROW_LINEAR:
        return current + p->step;
    default:
        return current;
    }
}

/* The slot number of `slot` in pool `p`, or -1 if it is not one of its slots. */
static int64_t find_slot(const TmlPool *p, const void *slot) {
    for (int64_t i = 0; i < p->chunk_count; i++) {
        const PoolChunk *c = &p->chunks[i];
        uintptr_t base = (uintptr_t)c->base;
        uintptr_t s = (uintptr_t)slot;
        if (s >= base && s < base + (uintptr_t)(c->count * p->stride) && (s - base) % (uintptr_t)p->stride == 0) {
            return c->first + (int64_t)((s - base) / (uintptr_t)p->stride);
        }
    }
    return -1;
}

void *tml_pool_acquire(TmlPool *p) {
    if (p->free_count == 0) {
        int64_t next = next_capacity(p, p->capacity);
        if (next <= p->capacity) return NULL;
        grow(p, next - p->capacity);
        p->grow_count += 1;
    }
    void *slot = p->free_list[--p->free_count];
    p->acquired[find_slot(p, slot)] = true;
    p->in_use += 1;
    if (p->in_use > p->high_water) p->high_water = p->in_use;
    p->acquire_count += 1;
    return slot;
}

int64_t tml_pool_slot_index(const TmlPool *p, const void *slot) {
    return find_slot(p, slot);
}

/* Frees the storage and the bookkeeping. */
static void destroy(TmlPool *p) {
    for (int64_t i = 0; i < p->chunk_count; i++) tml_free(p->chunks[i].base);
    free(p->chunks);
    free(p->free_list);
    free(p->acquired);
    free(p);
}

/* Returns an acquired slot to the free list, running the drop glue if `drop_value`. */
static void give_back(TmlPool *p, void *slot, const TmlSite *site, bool drop_value) {
    int64_t index = find_slot(p, slot);
    if (index < 0 || !p->acquired[index]) tml_panic(site, "pooled object released to a different pool");
    if (drop_value && p->drop != NULL) p->drop(slot);
    p->acquired[index] = false;
    p->free_list[p->free_count++] = slot;
    p->in_use -= 1;
    if (p->dropped && p->in_use == 0) destroy(p);
}

void tml_pool_release(TmlPool *p, void *slot, const TmlSite *site) {
    give_back(p, slot, site, true);
}

void tml_pool_vacate(TmlPool *p, void *slot, const TmlSite *site) {
    give_back(p, slot, site, false);
}

void tml_pool_drop(TmlPool *p) {
    if (p->in_use == 0) {
        destroy(p);
        return;
    }
    p->dropped = true;
    tml_rt_record_pool_event(&p->site, p->in_use);
}

int64_t tml_pool_capacity(const TmlPool *p) {
    return p->capacity;
}

int64_t tml_pool_in_use(const TmlPool *p) {
    return p->in_use;
}

int64_t tml_pool_available(const TmlPool *p) {
    return p->free_count;
}

int64_t tml_pool_high_water(const TmlPool *p) {
    return p->high_water;
}

int64_t tml_pool_acquire_count(const TmlPool *p) {
    return p->acquire_count;
}

int64_t tml_pool_grow_count(const TmlPool *p) {
    return p->grow_count;
}
