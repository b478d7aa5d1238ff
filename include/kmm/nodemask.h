/* SPDX-License-Identifier: MIT */
/*
 * kmm/nodemask.h - sets of NUMA nodes (linux/nodemask.h), for the
 * nodemask argument of __alloc_pages() and the node states.
 *
 * MAX_NUMNODES is 64, so a nodemask_t is one unsigned long.
 */
#ifndef KMM_NODEMASK_H
#define KMM_NODEMASK_H

#include <kmm/types.h>
#include <kmm/compiler.h>
#include <kmm/numa.h>

typedef struct {
	unsigned long bits[1];
} nodemask_t;

BUILD_BUG_ON(MAX_NUMNODES > 64);

#define NODE_MASK_NONE	((nodemask_t){ { 0 } })
#define NODE_MASK_ALL	((nodemask_t){ { ~0UL } })

static inline void node_set(int nid, nodemask_t *m)
{
	m->bits[0] |= 1UL << nid;
}

static inline void node_clear(int nid, nodemask_t *m)
{
	m->bits[0] &= ~(1UL << nid);
}

static inline bool node_isset(int nid, const nodemask_t *m)
{
	return (m->bits[0] >> nid) & 1;
}

static inline int nodes_weight(const nodemask_t *m)
{
	return __builtin_popcountl(m->bits[0]);
}

static inline bool nodes_empty(const nodemask_t *m)
{
	return m->bits[0] == 0;
}

static inline nodemask_t nodemask_of_node(int nid)
{
	nodemask_t m = NODE_MASK_NONE;

	node_set(nid, &m);
	return m;
}

#define for_each_node_mask(nid, mask)					\
	for ((nid) = 0; (nid) < MAX_NUMNODES; (nid)++)			\
		if (node_isset((nid), &(mask)))

/* Node states boot computes (N_MEMORY: nodes with present memory). */
enum node_states {
	N_POSSIBLE,
	N_ONLINE,
	N_NORMAL_MEMORY,
	N_MEMORY,
	N_CPU,
	NR_NODE_STATES
};

extern nodemask_t node_states[NR_NODE_STATES];

static inline bool node_state(int nid, enum node_states state)
{
	return node_isset(nid, &node_states[state]);
}

static inline void node_set_state(int nid, enum node_states state)
{
	node_set(nid, &node_states[state]);
}

static inline int num_node_state(enum node_states state)
{
	return nodes_weight(&node_states[state]);
}

#define for_each_node_state(nid, state) for_each_node_mask(nid, node_states[state])

#endif /* KMM_NODEMASK_H */
