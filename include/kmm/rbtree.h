/* SPDX-License-Identifier: MIT */
/*
 * kmm/rbtree.h - red-black trees with the API of linux/rbtree.h and
 * linux/rbtree_augmented.h (kmm's own implementation, src/lib/rbtree.c).
 *
 * 1. Intrusive. A struct rb_node is embedded in each element; the caller
 *    searches and links (rb_link_node() at the leaf it found), then asks
 *    rb_insert_color() to rebalance. rb_erase() unlinks. The parent
 *    pointer and the colour share one word (__rb_parent_color): nodes are
 *    at least 4-byte aligned, bit 0 is the colour (0 red, 1 black).
 *
 * 2. Augmented trees keep a value per node that is a function of its
 *    subtree (vmalloc's subtree_max_size: the largest free area below).
 *    The caller supplies struct rb_augment_callbacks:
 *      propagate(node, stop)  recompute upwards from @node until @stop
 *      copy(old, new)         @new takes @old's place: copy the value
 *      rotate(old, new)       @new became @old's parent by a rotation:
 *                             @new takes @old's value, @old is recomputed
 *    RB_DECLARE_CALLBACKS_MAX() generates the three for "max of the
 *    children's values and the node's own", as Linux's does. With them,
 *    rb_insert_augmented() and rb_erase_augmented() keep the values right;
 *    the caller propagates after rb_link_node() itself (as Linux requires).
 *
 * 3. No locking: the caller's lock protects the whole tree. No RCU-safe
 *    variants (rb_*_rcu), no cached leftmost (rb_root_cached): vmalloc
 *    does not need them.
 */
#ifndef KMM_RBTREE_H
#define KMM_RBTREE_H

#include <kmm/compiler.h>
#include <kmm/types.h>

struct rb_node {
	unsigned long __rb_parent_color;
	struct rb_node *rb_right;
	struct rb_node *rb_left;
} __attribute__((aligned(sizeof(long))));

struct rb_root {
	struct rb_node *rb_node;
};

#define RB_ROOT		((struct rb_root) { NULL })
#define RB_RED		0
#define RB_BLACK	1

#define rb_parent(r)	((struct rb_node *)((r)->__rb_parent_color & ~3UL))
#define rb_entry(ptr, type, member) container_of(ptr, type, member)
#define rb_entry_safe(ptr, type, member) ({				\
	__typeof__(ptr) ____ptr = (ptr);				\
	____ptr ? rb_entry(____ptr, type, member) : NULL;		\
})
#define RB_EMPTY_ROOT(root)	((root)->rb_node == NULL)
/* A node not in any tree points at itself (RB_CLEAR_NODE). */
#define RB_EMPTY_NODE(node)	((node)->__rb_parent_color == (unsigned long)(node))
#define RB_CLEAR_NODE(node)	((node)->__rb_parent_color = (unsigned long)(node))

#define __rb_color(pc)		((pc) & 1)
#define __rb_is_black(pc)	__rb_color(pc)
#define __rb_is_red(pc)		(!__rb_color(pc))
#define rb_color(rb)		__rb_color((rb)->__rb_parent_color)
#define rb_is_red(rb)		__rb_is_red((rb)->__rb_parent_color)
#define rb_is_black(rb)		__rb_is_black((rb)->__rb_parent_color)

/** rb_link_node - put @node, a new leaf, under @parent at *@rb_link. */
static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **rb_link)
{
	node->__rb_parent_color = (unsigned long)parent;
	node->rb_left = node->rb_right = NULL;
	*rb_link = node;
}

/** rb_insert_color - rebalance after rb_link_node(). */
void rb_insert_color(struct rb_node *node, struct rb_root *root);
/** rb_erase - unlink @node from @root and rebalance. */
void rb_erase(struct rb_node *node, struct rb_root *root);

struct rb_node *rb_first(const struct rb_root *root);
struct rb_node *rb_last(const struct rb_root *root);
struct rb_node *rb_next(const struct rb_node *node);
struct rb_node *rb_prev(const struct rb_node *node);

/* ---- augmented trees (linux/rbtree_augmented.h) ---- */

struct rb_augment_callbacks {
	void (*propagate)(struct rb_node *node, struct rb_node *stop);
	void (*copy)(struct rb_node *old, struct rb_node *new);
	void (*rotate)(struct rb_node *old, struct rb_node *new);
};

void __rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			   void (*augment_rotate)(struct rb_node *old, struct rb_node *new));
void __rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			  const struct rb_augment_callbacks *augment);

/**
 * rb_insert_augmented - rebalance after rb_link_node(), keeping the
 * augmented values through rotations. The caller has already propagated
 * the new leaf's value up the path (@augment->propagate(node, NULL)).
 */
static inline void rb_insert_augmented(struct rb_node *node, struct rb_root *root,
				       const struct rb_augment_callbacks *augment)
{
	__rb_insert_augmented(node, root, augment->rotate);
}

/** rb_erase_augmented - rb_erase() that keeps the augmented values. */
static inline void rb_erase_augmented(struct rb_node *node, struct rb_root *root,
				      const struct rb_augment_callbacks *augment)
{
	__rb_erase_augmented(node, root, augment);
}

/*
 * RB_DECLARE_CALLBACKS_MAX - callbacks for a value that is the max of the
 * node's own (RBCOMPUTE(node)) and its children's RBAUGMENTED fields.
 */
#define RB_DECLARE_CALLBACKS_MAX(RBSTATIC, RBNAME, RBSTRUCT, RBFIELD,	\
				 RBTYPE, RBAUGMENTED, RBCOMPUTE)	\
static inline bool RBNAME ## _compute_max(RBSTRUCT *node, bool exit)	\
{									\
	RBSTRUCT *child;						\
	RBTYPE max = RBCOMPUTE(node);					\
	if (node->RBFIELD.rb_left) {					\
		child = rb_entry(node->RBFIELD.rb_left, RBSTRUCT, RBFIELD); \
		if (child->RBAUGMENTED > max)				\
			max = child->RBAUGMENTED;			\
	}								\
	if (node->RBFIELD.rb_right) {					\
		child = rb_entry(node->RBFIELD.rb_right, RBSTRUCT, RBFIELD); \
		if (child->RBAUGMENTED > max)				\
			max = child->RBAUGMENTED;			\
	}								\
	if (exit && node->RBAUGMENTED == max)				\
		return true;						\
	node->RBAUGMENTED = max;					\
	return false;							\
}									\
static void RBNAME ## _propagate(struct rb_node *rb, struct rb_node *stop) \
{									\
	while (rb != stop) {						\
		RBSTRUCT *node = rb_entry(rb, RBSTRUCT, RBFIELD);	\
		if (RBNAME ## _compute_max(node, true))			\
			break;						\
		rb = rb_parent(&node->RBFIELD);				\
	}								\
}									\
static void RBNAME ## _copy(struct rb_node *rb_old, struct rb_node *rb_new) \
{									\
	RBSTRUCT *old = rb_entry(rb_old, RBSTRUCT, RBFIELD);		\
	RBSTRUCT *new = rb_entry(rb_new, RBSTRUCT, RBFIELD);		\
	new->RBAUGMENTED = old->RBAUGMENTED;				\
}									\
static void RBNAME ## _rotate(struct rb_node *rb_old, struct rb_node *rb_new) \
{									\
	RBSTRUCT *old = rb_entry(rb_old, RBSTRUCT, RBFIELD);		\
	RBSTRUCT *new = rb_entry(rb_new, RBSTRUCT, RBFIELD);		\
	new->RBAUGMENTED = old->RBAUGMENTED;				\
	RBNAME ## _compute_max(old, false);				\
}									\
RBSTATIC const struct rb_augment_callbacks RBNAME = {			\
	.propagate = RBNAME ## _propagate,				\
	.copy = RBNAME ## _copy,					\
	.rotate = RBNAME ## _rotate					\
};

#endif /* KMM_RBTREE_H */
