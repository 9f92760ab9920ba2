/*
 * arena.c — chunked bump allocation with a destructor list (MEMORY.md §11.1; API in
 * tml_runtime.h). Chunks are tracked blocks; the arena's bookkeeping (this struct, the chunk
 * and destructor arrays) uses plain malloc.
 */
#include <stdio.h>
#include <stdlib.h>

#include "rt_internal.h"

enum { MIN_CHUNK = 64 };

typedef struct Chunk {
    unsigned char *base;
    int64_t size;
} Chunk;

typedef struct Destructor {
    TmlDropFn drop;
    void *value;
} Destructor;

struct TmlArena {
    int64_t id;
    int64_t generation;
    TmlSite site; /* creation site (copy) */
    Chunk *chunks;
    int64_t chunk_count;
    int64_t chunk_cap;
    int64_t current; /* chunk receiving allocations */
    int64_t offset;  /* bytes used in the current chunk */
    Destructor *dtors;
    int64_t dtor_count;
    int64_t dtor_cap;
    int64_t bytes_allocated;
    int64_t peak_bytes;
    int64_t allocation_count;
    int64_t reset_count;
    int64_t total_capacity;
};

static int64_t next_arena_id = 1;

static _Noreturn void out_of_memory(const TmlSite *site) {
    tml_panic(site, "arena bookkeeping allocation failed");
}

/* Reserves one more chunk of `size` bytes. */
static void add_chunk(TmlArena *a, int64_t size) {
    if (a->chunk_count == a->chunk_cap) {
        int64_t cap = a->chunk_cap == 0 ? 4 : a->chunk_cap * 2;
        Chunk *c = realloc(a->chunks, (size_t)cap * sizeof *c);
        if (c == NULL) out_of_memory(&a->site);
        a->chunks = c;
        a->chunk_cap = cap;
    }
    a->chunks[a->chunk_count++] = (Chunk){.base = tml_alloc(size, 16, &a->site), .size = size};
    a->total_capacity += size;
}

TmlArena *tml_arena_new(int64_t first_chunk, const TmlSite *site) {
    TmlArena *a = calloc(1, sizeof *a);
    if (a == NULL) out_of_memory(site);
    a->id = next_arena_id++;
    if (site != NULL) a->site = *site;
    add_chunk(a, first_chunk < MIN_CHUNK ? MIN_CHUNK : first_chunk);
    return a;
}

/* Offset in `c` at or after `offset` aligned to `align`, or -1 if `size` bytes do not fit. */
static int64_t fit(const Chunk *c, int64_t offset, int64_t size, int64_t align) {
    uintptr_t addr = (uintptr_t)c->base + (uintptr_t)offset;
    uintptr_t aligned = (addr + (uintptr_t)align - 1) & ~((uintptr_t)align - 1);
    int64_t start = offset + (int64_t)(aligned - addr);
    return start <= c->size && size <= c->size - start ? start : -1;
}

void *tml_arena_alloc(TmlArena *a, int64_t size, int64_t align, TmlDropFn drop) {
    if (size < 0 || align <= 0 || (align & (align - 1)) != 0) {
        char msg[96];
        snprintf(msg, sizeof msg, "invalid arena allocation of %lld bytes aligned to %lld", (long long)size,
                 (long long)align);
        tml_panic(&a->site, msg);
    }
    int64_t start;
    while ((start = fit(&a->chunks[a->current], a->offset, size, align)) < 0) {
        if (a->current + 1 == a->chunk_count) {
            int64_t last = a->chunks[a->chunk_count - 1].size;
            add_chunk(a, last * 2 > size + align ? last * 2 : size + align);
        }
        a->current += 1;
        a->offset = 0;
    }
    void *p = a->chunks[a->current].base + start;
    a->offset = start + size;
    a->bytes_allocated += size;
    if (a->bytes_allocated > a->peak_bytes) a->peak_bytes = a->bytes_allocated;
    a->allocation_count += 1;
    if (drop != NULL) {
        if (a->dtor_count == a->dtor_cap) {
            int64_t cap = a->dtor_cap == 0 ? 16 : a->dtor_cap * 2;
            Destructor *d = realloc(a->dtors, (size_t)cap * sizeof *d);
            if (d == NULL) out_of_memory(&a->site);
            a->dtors = d;
            a->dtor_cap = cap;
        }
        a->dtors[a->dtor_count++] = (Destructor){.drop = drop, .value = p};
    }
    return p;
}

/* Runs and forgets the recorded drops, last allocated first. */
static void run_destructors(TmlArena *a) {
    while (a->dtor_count > 0) {
        Destructor d = a->dtors[--a->dtor_count];
        d.drop(d.value);
    }
}

void tml_arena_reset(TmlArena *a) {
    run_destructors(a);
    a->current = 0;
    a->offset = 0;
    a->bytes_allocated = 0;
    a->allocation_count = 0;
    a->generation += 1;
    a->reset_count += 1;
}

void tml_arena_drop(TmlArena *a) {
    run_destructors(a);
    for (int64_t i = 0; i < a->chunk_count; i++) tml_free(a->chunks[i].base);
    free(a->chunks);
    free(a->dtors);
    free(a);
}

int64_t tml_arena_id(const TmlArena *a) {
    return a->id;
}

int64_t tml_arena_generation(const TmlArena *a) {
    return a->generation;
}

bool tml_arena_is_valid(const TmlArena *a, int64_t id, int64_t generation) {
    return a->id == id && a->generation == generation;
}

void tml_arena_check(const TmlArena *a, int64_t id, int64_t generation, const TmlSite *site) {
    if (a->id != id) tml_panic(site, "arena handle belongs to a different arena (was its arena dropped?)");
    if (a->generation != generation) {
        char msg[160];
        snprintf(msg, sizeof msg,
                 "stale arena handle: value was allocated in generation %lld, arena is at generation %lld "
                 "(reset after allocation)",
                 (long long)generation, (long long)a->generation);
        tml_panic(site, msg);
    }
}

int64_t tml_arena_bytes_allocated(const TmlArena *a) {
    return a->bytes_allocated;
}

int64_t tml_arena_peak_bytes(const TmlArena *a) {
    return a->peak_bytes;
}

int64_t tml_arena_allocation_count(const TmlArena *a) {
    return a->allocation_count;
}

int64_t tml_arena_reset_count(const TmlArena *a) {
    return a->reset_count;
}

int64_t tml_arena_total_capacity(const TmlArena *a) {
    return a->total_capacity;
}

int64_t tml_arena_chunk_count(const TmlArena *a) {
    return a->chunk_count;
}
