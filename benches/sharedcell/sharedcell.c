/* sharedcell twin: hand-written reference-counted cell with a dynamic borrow flag
   (the moral equivalent of Rc<RefCell<T>>). */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

typedef struct { int64_t id, balance; int64_t *log; int64_t log_len, log_cap; } Account;
typedef struct { int64_t strong; int64_t borrow; /* >0 readers, -1 writer */ Account v; } Cell;

static int64_t next(int64_t seed) { return (seed * 1103515245 + 12345) % 2147483648LL; }

static Cell *cell_new(int64_t id) {
    Cell *c = malloc(sizeof(Cell));
    if (!c) abort();
    c->strong = 1; c->borrow = 0;
    c->v = (Account){id, 0, NULL, 0, 0};
    return c;
}
static Cell *dup(Cell *c) { c->strong++; return c; }
static void release(Cell *c) {
    if (--c->strong == 0) { free(c->v.log); free(c); }
}
static Account *borrow_mut(Cell *c) {
    if (c->borrow != 0) { fprintf(stderr, "already borrowed\n"); exit(101); }
    c->borrow = -1;
    return &c->v;
}
static void end_mut(Cell *c) { c->borrow = 0; }
static const Account *borrow(Cell *c) {
    if (c->borrow < 0) { fprintf(stderr, "already mutably borrowed\n"); exit(101); }
    c->borrow++;
    return &c->v;
}
static void end_borrow(Cell *c) { c->borrow--; }

typedef struct { Cell **data; int64_t len, cap; } Vec;
static void push(Vec *v, Cell *c) {
    if (v->len == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 4;
        v->data = realloc(v->data, (size_t)v->cap * sizeof(Cell *));
        if (!v->data) abort();
    }
    v->data[v->len++] = c;
}
static void log_push(Account *a, int64_t x) {
    if (a->log_len == a->log_cap) {
        a->log_cap = a->log_cap ? a->log_cap * 2 : 4;
        a->log = realloc(a->log, (size_t)a->log_cap * sizeof(int64_t));
        if (!a->log) abort();
    }
    a->log[a->log_len++] = x;
}

int main(void) {
    int64_t seed = 1, checksum = 0, max_strong = 0;
    for (int round = 0; round < 2000; round++) {
        Vec accounts = {0}, handles = {0};
        for (int64_t i = 0; i < 1000; i++) push(&accounts, cell_new(i));
        for (int64_t j = 0; j < 5000; j++) {
            seed = next(seed);
            Cell *h = dup(accounts.data[(seed >> 4) % 1000]);
            borrow_mut(h)->balance += j; end_mut(h);
            log_push(borrow_mut(h), j); end_mut(h);
            push(&handles, h);
        }
        for (int64_t j = 0; j < 5000; j++) {
            seed = next(seed);
            Cell *a = dup(handles.data[(seed >> 4) % 5000]);
            seed = next(seed);
            Cell *b = dup(handles.data[(seed >> 4) % 5000]);
            if (a != b) {
                int64_t amount = borrow(a)->balance % 100; end_borrow(a);
                borrow_mut(a)->balance -= amount; end_mut(a);
                borrow_mut(b)->balance += amount; end_mut(b);
            }
            release(b);
            release(a);
        }
        for (int64_t k = 0; k < handles.len; k++) {
            Cell *h = handles.data[k];
            const Account *acc = borrow(h);
            checksum = (checksum + acc->balance + acc->log_len * acc->id) % 1000000007;
            end_borrow(h);
            if (h->strong > max_strong) max_strong = h->strong;
        }
        for (int64_t k = 0; k < handles.len; k++) release(handles.data[k]);
        free(handles.data);
        for (int64_t k = 0; k < accounts.len; k++) {
            if (accounts.data[k]->strong != 1) { fprintf(stderr, "leaked handle\n"); return 101; }
            release(accounts.data[k]);
        }
        free(accounts.data);
    }
    printf("checksum %lld max strong %lld\n", (long long)checksum, (long long)max_strong);
    return 0;
}
