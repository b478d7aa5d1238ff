/* SPDX-License-Identifier: MIT */
/*
 * tests/helpers/json.h - a small strict JSON reader for the tests of the
 * JSON reports: parses RFC 8259 text (objects, arrays, strings without
 * \u escapes beyond ASCII, numbers, true/false/null) into a tree, so a
 * test can check both that the text is valid JSON and what it holds.
 */
#ifndef KMM_TEST_JSON_H
#define KMM_TEST_JSON_H

#include <stdbool.h>
#include <stddef.h>

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
	enum json_type type;
	double number;		/* JSON_NUMBER; JSON_BOOL: 0 or 1 */
	bool integer;		/* a JSON_NUMBER written without '.', 'e' or '-' */
	char *string;		/* JSON_STRING */
	size_t n;		/* members of an array or object */
	struct json *items;	/* the members */
	char **keys;		/* JSON_OBJECT: the members' names */
};

/*
 * Parse @text: one value, then only whitespace. Return: the tree (free
 * with json_free()), or NULL with a message in @err (@err_size bytes).
 */
struct json *json_parse(const char *text, char *err, size_t err_size);
void json_free(struct json *j);

/* The member @key of object @j, or NULL (also when @j is no object). */
const struct json *json_get(const struct json *j, const char *key);
/* Element @i of array @j, or NULL. */
const struct json *json_at(const struct json *j, size_t i);
/* The number of @j as unsigned long (-1UL if @j is no non-negative integer). */
unsigned long json_ul(const struct json *j);

#endif
