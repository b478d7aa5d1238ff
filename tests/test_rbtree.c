// SPDX-License-Identifier: MIT
/*
 * tests/test_rbtree.c - kmm's red-black tree (src/lib/rbtree.c), plain and
 * augmented, against a sorted array: random inserts and erases of keys,
 * each node carrying a value and the max of its subtree (the way vmalloc
 * keeps subtree_max_size). After every step: the in-order walk equals the
 * model, rb_prev() walks it backwards, the colouring holds (root black,
 * no red-red, equal black heights), parents point right, and every
 * augmented max is the max of its subtree.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include <kmm/rbtree.h>

#define NODES	2000
#define STEPS	40000

struct item {
	struct rb_node rb;
	unsigned long key;
	unsigned long val;
	unsigned long max;	/* of val over the subtree */
	bool in;
};

static struct item items[NODES];
static struct rb_root root;
static unsigned long long rng = 0x243f6a8885a308d3ULL;

static unsigned long rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned long)rng;
}

static unsigned long item_val(struct item *it)
{
	return it->val;
}

RB_DECLARE_CALLBACKS_MAX(static, item_cb, struct item, rb, unsigned long, max, item_val)

static void insert(struct item *it, bool augmented)
{
	struct rb_node **link = &root.rb_node, *parent = NULL;

	while (*link) {
		parent = *link;
		link = it->key < rb_entry(parent, struct item, rb)->key ? &parent->rb_left
									: &parent->rb_right;
	}
	rb_link_node(&it->rb, parent, link);
	if (augmented) {
		it->max = 0;
		rb_insert_augmented(&it->rb, &root, &item_cb);
		item_cb.propagate(&it->rb, NULL);
	} else {
		rb_insert_color(&it->rb, &root);
	}
	it->in = true;
}

static void erase(struct item *it, bool augmented)
{
	if (augmented)
		rb_erase_augmented(&it->rb, &root, &item_cb);
	else
		rb_erase(&it->rb, &root);
	RB_CLEAR_NODE(&it->rb);
	it->in = false;
}

/* Black height, or -1; *@max: the subtree's max of val (checked against ->max). */
static int check(struct rb_node *n, struct rb_node *parent, unsigned long *max, bool augmented)
{
	unsigned long lm = 0, rm = 0, m;
	int lh, rh;

	*max = 0;
	if (!n)
		return 1;
	cr_assert_eq(rb_parent(n), parent);
	if (rb_is_red(n)) {
		cr_assert(!n->rb_left || rb_is_black(n->rb_left), "red-red");
		cr_assert(!n->rb_right || rb_is_black(n->rb_right), "red-red");
	}
	lh = check(n->rb_left, n, &lm, augmented);
	rh = check(n->rb_right, n, &rm, augmented);
	cr_assert_eq(lh, rh, "black heights differ");
	m = rb_entry(n, struct item, rb)->val;
	m = lm > m ? lm : m;
	m = rm > m ? rm : m;
	if (augmented)
		cr_assert_eq(rb_entry(n, struct item, rb)->max, m, "augmented max");
	*max = m;
	return lh + rb_is_black(n);
}

static int cmp_key(const void *a, const void *b)
{
	unsigned long x = (*(struct item *const *)a)->key, y = (*(struct item *const *)b)->key;

	return (x > y) - (x < y);
}

static void check_all(bool augmented)
{
	static struct item *model[NODES];
	struct rb_node *n;
	unsigned long max;
	int nr = 0, i = 0;

	for (int k = 0; k < NODES; k++)
		if (items[k].in)
			model[nr++] = &items[k];
	qsort(model, (size_t)nr, sizeof(model[0]), cmp_key);
	cr_assert(!root.rb_node || rb_is_black(root.rb_node), "black root");
	check(root.rb_node, NULL, &max, augmented);
	for (n = rb_first(&root); n; n = rb_next(n), i++)
		cr_assert_eq(rb_entry(n, struct item, rb)->key, model[i]->key, "in-order %d", i);
	cr_assert_eq(i, nr);
	for (n = rb_last(&root); n; n = rb_prev(n))
		cr_assert_eq(rb_entry(n, struct item, rb)->key, model[--i]->key);
	cr_assert_eq(i, 0);
}

static void run(bool augmented)
{
	root = RB_ROOT;
	memset(items, 0, sizeof(items));
	for (int k = 0; k < NODES; k++) {
		items[k].key = rnd() % 100000;	/* duplicates allowed: they go right */
		items[k].val = rnd() % 1000000;
		RB_CLEAR_NODE(&items[k].rb);
	}
	for (int s = 0; s < STEPS; s++) {
		struct item *it = &items[rnd() % NODES];

		if (it->in)
			erase(it, augmented);
		else
			insert(it, augmented);
		if (s % 97 == 0 || s < 200)
			check_all(augmented);
	}
	for (int k = 0; k < NODES; k++)
		if (items[k].in)
			erase(&items[k], augmented);
	cr_assert_null(root.rb_node);
}

Test(rbtree, plain_tree_against_a_sorted_array)
{
	run(false);
}

Test(rbtree, augmented_tree_keeps_subtree_max)
{
	run(true);
}

Test(rbtree, empty_tree_and_single_node)
{
	struct item one = { .key = 5, .val = 7 };

	root = RB_ROOT;
	cr_assert_null(rb_first(&root));
	cr_assert_null(rb_last(&root));
	RB_CLEAR_NODE(&one.rb);
	cr_assert(RB_EMPTY_NODE(&one.rb));
	cr_assert_null(rb_next(&one.rb));
	insert(&one, true);
	cr_assert_eq(one.max, 7);
	cr_assert(rb_is_black(&one.rb));
	cr_assert_eq(rb_first(&root), &one.rb);
	erase(&one, true);
	cr_assert(RB_EMPTY_ROOT(&root));
}
