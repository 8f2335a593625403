/* SPDX-License-Identifier: MIT */
/* rt_topo_sort: Kahn's algorithm with a min-heap of ready items. */
#include "base/common.h"
#include "base/topo.h"

typedef struct heap {
	size_t *v;
	size_t len;
} heap;

static void heap_push(heap *h, size_t x)
{
	size_t i = h->len++;
	h->v[i] = x;
	while (i > 0) {
		size_t p = (i - 1) / 2;
		if (h->v[p] <= h->v[i])
			break;
		size_t t = h->v[p];
		h->v[p] = h->v[i];
		h->v[i] = t;
		i = p;
	}
}

static size_t heap_pop(heap *h)
{
	size_t top = h->v[0], i = 0;
	h->v[0] = h->v[--h->len];
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < h->len && h->v[l] < h->v[m])
			m = l;
		if (r < h->len && h->v[r] < h->v[m])
			m = r;
		if (m == i)
			break;
		size_t t = h->v[m];
		h->v[m] = h->v[i];
		h->v[i] = t;
		i = m;
	}
	return top;
}

/* Follows unplaced predecessors from an unplaced item until one repeats:
 * the items from its first visit on form a cycle. */
static void find_cycle(size_t n, const size_t *pstart, const size_t *pred,
		       const size_t *indeg, size_t *cycle, size_t *ncycle)
{
	size_t *seen = rt_xcalloc(n ? n : 1, sizeof(size_t)); /* step + 1 */
	size_t x = 0, step = 0;

	while (x < n && indeg[x] == 0)
		x++;
	RT_ASSERT(x < n);
	while (!seen[x]) {
		seen[x] = ++step;
		cycle[step - 1] = x;
		size_t next = n;
		for (size_t k = pstart[x]; k < pstart[x + 1]; k++)
			if (indeg[pred[k]] > 0) {
				next = pred[k];
				break;
			}
		RT_ASSERT(next < n);
		x = next;
	}
	/* the walk went backwards (to predecessors): reverse the loop so
	 * that each item comes before the next */
	size_t first = seen[x] - 1, len = step - first;
	for (size_t i = 0; i < len / 2; i++) {
		size_t t = cycle[first + i];
		cycle[first + i] = cycle[first + len - 1 - i];
		cycle[first + len - 1 - i] = t;
	}
	memmove(cycle, cycle + first, len * sizeof(size_t));
	*ncycle = len;
	free(seen);
}

int rt_topo_sort(size_t *order, size_t n, const rt_topo_edge *edges,
		 size_t nedges, size_t *cycle, size_t *ncycle)
{
	size_t *indeg = rt_xcalloc(n + 1, sizeof(size_t));
	size_t *sstart = rt_xcalloc(n + 2, sizeof(size_t)); /* successors */
	size_t *pstart = rt_xcalloc(n + 2, sizeof(size_t)); /* predecessors */
	size_t *succ = rt_xcalloc(nedges + 1, sizeof(size_t));
	size_t *pred = rt_xcalloc(nedges + 1, sizeof(size_t));
	heap h = {rt_xcalloc(n + 1, sizeof(size_t)), 0};
	size_t placed = 0;
	int rc = 0;

	for (size_t i = 0; i < nedges; i++) {
		RT_ASSERT(edges[i].before < n && edges[i].after < n);
		sstart[edges[i].before + 1]++;
		pstart[edges[i].after + 1]++;
		indeg[edges[i].after]++;
	}
	for (size_t i = 0; i < n; i++) {
		sstart[i + 1] += sstart[i];
		pstart[i + 1] += pstart[i];
	}
	{
		size_t *sfill = rt_xcalloc(n + 1, sizeof(size_t));
		size_t *pfill = rt_xcalloc(n + 1, sizeof(size_t));
		for (size_t i = 0; i < nedges; i++) {
			size_t b = edges[i].before, a = edges[i].after;
			succ[sstart[b] + sfill[b]++] = a;
			pred[pstart[a] + pfill[a]++] = b;
		}
		free(sfill);
		free(pfill);
	}
	for (size_t i = 0; i < n; i++)
		if (indeg[i] == 0)
			heap_push(&h, i);
	while (h.len) {
		size_t x = heap_pop(&h);
		order[placed++] = x;
		for (size_t k = sstart[x]; k < sstart[x + 1]; k++)
			if (--indeg[succ[k]] == 0)
				heap_push(&h, succ[k]);
	}
	if (placed < n) {
		find_cycle(n, pstart, pred, indeg, cycle, ncycle);
		rc = -1;
	}
	free(indeg);
	free(sstart);
	free(pstart);
	free(succ);
	free(pred);
	free(h.v);
	return rc;
}
