// SPDX-License-Identifier: MIT
/*
 * src/lib/rbtree.c - red-black trees (lib/rbtree.c), kmm's own code.
 *
 * 1. The invariants. (a) Every node is red or black. (b) The root is
 *    black. (c) A red node has no red child. (d) Every path from a node
 *    down to a NULL leaf passes the same number of black nodes. Hence the
 *    tree's height is at most 2 log2(n + 1).
 *
 * 2. Insertion links a red leaf, which may break (c) with a red parent.
 *    insert_fixup() walks up: a red uncle means recolouring (parent and
 *    uncle black, grandparent red) and going on from the grandparent; a
 *    black uncle means one or two rotations, after which the tree is done.
 *
 * 3. Erasure first unlinks (erase_unlink()): a node with two children is
 *    replaced by its successor, the leftmost node of its right subtree. If
 *    the node taken out of its place was black and left no red child to
 *    recolour, a path is one black short: erase_fixup() repairs that from
 *    the parent, by the four classic cases on the sibling's colour and
 *    its children's.
 *
 * 4. Augmentation. Each rotation calls augment_rotate(old, new) after it
 *    relinks; erase_unlink() calls copy() when the successor takes the
 *    node's place and propagate() from the lowest changed node. Plain
 *    trees use no-op callbacks.
 *
 * How kmm differs: same algorithm and API as Linux, written from the
 * textbook; no RCU-safe ordering of stores (kmm's trees are read under
 * their lock only).
 */
#include <kmm/rbtree.h>

static inline struct rb_node *rb_red_parent(struct rb_node *red)
{
	return (struct rb_node *)red->__rb_parent_color;
}

static inline void rb_set_parent(struct rb_node *rb, struct rb_node *p)
{
	rb->__rb_parent_color = rb_color(rb) | (unsigned long)p;
}

static inline void rb_set_parent_color(struct rb_node *rb, struct rb_node *p, int color)
{
	rb->__rb_parent_color = (unsigned long)p | (unsigned long)color;
}

static inline void rb_set_black(struct rb_node *rb)
{
	rb->__rb_parent_color |= RB_BLACK;
}

/* Make @new the child of @parent that @old was (or the root). */
static inline void change_child(struct rb_node *old, struct rb_node *new,
				struct rb_node *parent, struct rb_root *root)
{
	if (!parent)
		root->rb_node = new;
	else if (parent->rb_left == old)
		parent->rb_left = new;
	else
		parent->rb_right = new;
}

/* After a rotation: @new takes @old's parent and colour, @old hangs under @new. */
static inline void rotate_set_parents(struct rb_node *old, struct rb_node *new,
				      struct rb_root *root, int color)
{
	struct rb_node *parent = rb_parent(old);

	new->__rb_parent_color = old->__rb_parent_color;
	rb_set_parent_color(old, new, color);
	change_child(old, new, parent, root);
}

/*
 * Rotate @top down to the side @dir (0: left rotation, @top's right child
 * rises; 1: right rotation, its left child rises). Return: the child that rose.
 * The caller fixes the parents of the two nodes and colours.
 */
static struct rb_node *rotate_links(struct rb_node *top, int dir)
{
	struct rb_node *up, *inner;

	if (dir == 0) {
		up = top->rb_right;
		inner = up->rb_left;
		top->rb_right = inner;
		up->rb_left = top;
	} else {
		up = top->rb_left;
		inner = up->rb_right;
		top->rb_left = inner;
		up->rb_right = top;
	}
	if (inner)
		rb_set_parent_color(inner, top, RB_BLACK);
	return up;
}

static void insert_fixup(struct rb_node *node, struct rb_root *root,
			 void (*augment_rotate)(struct rb_node *, struct rb_node *))
{
	struct rb_node *parent = rb_red_parent(node), *gparent, *uncle;

	for (;;) {
		if (!parent) {
			rb_set_parent_color(node, NULL, RB_BLACK);
			return;
		}
		if (rb_is_black(parent))
			return;
		gparent = rb_red_parent(parent);
		int left = gparent->rb_left == parent;

		uncle = left ? gparent->rb_right : gparent->rb_left;
		if (uncle && rb_is_red(uncle)) {
			rb_set_parent_color(uncle, gparent, RB_BLACK);
			rb_set_parent_color(parent, gparent, RB_BLACK);
			node = gparent;
			parent = rb_parent(node);
			rb_set_parent_color(node, parent, RB_RED);
			continue;
		}
		/* The inner grandchild first becomes the outer one. */
		if (node == (left ? parent->rb_right : parent->rb_left)) {
			rotate_links(parent, left ? 0 : 1);
			rb_set_parent_color(parent, node, RB_RED);
			node->__rb_parent_color = (unsigned long)gparent;
			if (left)
				gparent->rb_left = node;
			else
				gparent->rb_right = node;
			augment_rotate(parent, node);
			parent = node;
		}
		rotate_links(gparent, left ? 1 : 0);
		rotate_set_parents(gparent, parent, root, RB_RED);
		augment_rotate(gparent, parent);
		return;
	}
}

static void dummy_propagate(struct rb_node *node, struct rb_node *stop) { }
static void dummy_copy(struct rb_node *old, struct rb_node *new) { }
static void dummy_rotate(struct rb_node *old, struct rb_node *new) { }

static const struct rb_augment_callbacks dummy_callbacks = {
	.propagate = dummy_propagate, .copy = dummy_copy, .rotate = dummy_rotate
};

void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	insert_fixup(node, root, dummy_rotate);
}

void __rb_insert_augmented(struct rb_node *node, struct rb_root *root,
			   void (*augment_rotate)(struct rb_node *old, struct rb_node *new))
{
	insert_fixup(node, root, augment_rotate);
}

/*
 * The sibling of the short path is black with two black (or no)
 * children: make it red and move the shortage up. Return: the node the
 * shortage moved to, or NULL when the parent absorbed it.
 */
static struct rb_node *fixup_recolor(struct rb_node *parent, struct rb_node *sibling)
{
	rb_set_parent_color(sibling, parent, RB_RED);
	if (rb_is_red(parent)) {
		rb_set_black(parent);
		return NULL;
	}
	return parent;
}

/*
 * Repair a path one black short under @parent, on side @dir of it (0:
 * left, 1: right). A mirror pair of the textbook's cases, folded with
 * @dir: "near" is the sibling's child on the short side.
 */
static void erase_fixup(struct rb_node *parent, struct rb_root *root,
			void (*augment_rotate)(struct rb_node *, struct rb_node *))
{
	struct rb_node *node = NULL, *sibling, *near, *far;

	for (;;) {
		int dir = parent->rb_left == node ? 0 : 1;

		sibling = dir == 0 ? parent->rb_right : parent->rb_left;
		if (rb_is_red(sibling)) {
			/* Case 1: rotate the red sibling up; a black one takes its place. */
			rotate_links(parent, dir);
			rotate_set_parents(parent, sibling, root, RB_RED);
			augment_rotate(parent, sibling);
			sibling = dir == 0 ? parent->rb_right : parent->rb_left;
		}
		far = dir == 0 ? sibling->rb_right : sibling->rb_left;
		near = dir == 0 ? sibling->rb_left : sibling->rb_right;
		if (!far || rb_is_black(far)) {
			if (!near || rb_is_black(near)) {
				/* Case 2: recolour, maybe move up. */
				node = fixup_recolor(parent, sibling);
				if (!node)
					return;
				parent = rb_parent(node);
				if (!parent)
					return;
				continue;
			}
			/* Case 3: the red near nephew becomes the sibling. */
			rotate_links(sibling, dir == 0 ? 1 : 0);
			if (dir == 0)
				parent->rb_right = near;
			else
				parent->rb_left = near;
			augment_rotate(sibling, near);
			far = sibling;
			sibling = near;
		}
		/* Case 4: rotate the sibling up, its far child turns black. */
		near = dir == 0 ? sibling->rb_left : sibling->rb_right;
		if (dir == 0) {
			parent->rb_right = near;
			sibling->rb_left = parent;
		} else {
			parent->rb_left = near;
			sibling->rb_right = parent;
		}
		rb_set_parent_color(far, sibling, RB_BLACK);
		if (near)
			rb_set_parent(near, parent);
		rotate_set_parents(parent, sibling, root, RB_BLACK);
		augment_rotate(parent, sibling);
		return;
	}
}

/* Unlink a node with two children: its successor takes its place. */
static struct rb_node *erase_two_children(struct rb_node *node, struct rb_root *root,
					  const struct rb_augment_callbacks *augment)
{
	struct rb_node *child = node->rb_right, *successor = child, *parent, *child2;
	unsigned long pc;

	if (!successor->rb_left) {
		parent = successor;
		child2 = successor->rb_right;
		augment->copy(node, successor);
	} else {
		do {
			parent = successor;
			successor = successor->rb_left;
		} while (successor->rb_left);
		child2 = successor->rb_right;
		parent->rb_left = child2;
		successor->rb_right = child;
		rb_set_parent(child, successor);
		augment->copy(node, successor);
		augment->propagate(parent, successor);
	}
	successor->rb_left = node->rb_left;
	rb_set_parent(node->rb_left, successor);
	pc = node->__rb_parent_color;
	change_child(node, successor, rb_parent(node), root);
	bool was_black = rb_is_black(successor);

	successor->__rb_parent_color = pc;
	augment->propagate(successor, NULL);
	if (child2) {
		rb_set_parent_color(child2, parent, RB_BLACK);
		return NULL;
	}
	return was_black ? parent : NULL;
}

/* Unlink @node. Return: where a black shortage starts, or NULL. */
static struct rb_node *erase_unlink(struct rb_node *node, struct rb_root *root,
				    const struct rb_augment_callbacks *augment)
{
	struct rb_node *child, *parent = rb_parent(node), *rebalance = NULL;

	if (node->rb_left && node->rb_right)
		return erase_two_children(node, root, augment);
	child = node->rb_left ? node->rb_left : node->rb_right;
	change_child(node, child, parent, root);
	if (child)
		child->__rb_parent_color = node->__rb_parent_color;	/* red child turns black */
	else if (rb_is_black(node))
		rebalance = parent;
	if (parent)
		augment->propagate(parent, NULL);
	return rebalance;
}

void __rb_erase_augmented(struct rb_node *node, struct rb_root *root,
			  const struct rb_augment_callbacks *augment)
{
	struct rb_node *rebalance = erase_unlink(node, root, augment);

	if (rebalance)
		erase_fixup(rebalance, root, augment->rotate);
}

void rb_erase(struct rb_node *node, struct rb_root *root)
{
	__rb_erase_augmented(node, root, &dummy_callbacks);
}

struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_left)
		n = n->rb_left;
	return n;
}

struct rb_node *rb_last(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_right)
		n = n->rb_right;
	return n;
}

struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_right)
		node = parent;
	return parent;
}

struct rb_node *rb_prev(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_left) {
		node = node->rb_left;
		while (node->rb_right)
			node = node->rb_right;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_left)
		node = parent;
	return parent;
}
