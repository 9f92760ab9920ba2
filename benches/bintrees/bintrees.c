/* binary-trees twin: malloc'd nodes, recursive build/check/free. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

typedef struct Node { struct Node *left, *right; } Node;

static Node *make(int depth) {
    Node *n = malloc(sizeof(Node));
    if (!n) abort();
    if (depth == 0) {
        n->left = n->right = NULL;
    } else {
        n->left = make(depth - 1);
        n->right = make(depth - 1);
    }
    return n;
}

static int64_t check(const Node *n) {
    int64_t c = 1;
    if (n->left) c += check(n->left);
    if (n->right) c += check(n->right);
    return c;
}

static void destroy(Node *n) {
    if (n->left) destroy(n->left);
    if (n->right) destroy(n->right);
    free(n);
}

int main(void) {
    int min_depth = 4, max_depth = 16, stretch = max_depth + 1;
    Node *st = make(stretch);
    printf("stretch tree of depth %d\t check: %lld\n", stretch, (long long)check(st));
    destroy(st);
    Node *long_lived = make(max_depth);
    for (int d = min_depth; d <= max_depth; d += 2) {
        int64_t iterations = (int64_t)1 << (max_depth - d + min_depth);
        int64_t total = 0;
        for (int64_t i = 0; i < iterations; i++) {
            Node *t = make(d);
            total += check(t);
            destroy(t);
        }
        printf("%lld\t trees of depth %d\t check: %lld\n", (long long)iterations, d, (long long)total);
    }
    printf("long lived tree of depth %d\t check: %lld\n", max_depth, (long long)check(long_lived));
    destroy(long_lived);
    return 0;
}
