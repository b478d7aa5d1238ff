// SPDX-License-Identifier: MIT
/* tests/helpers/json.c - see json.h. A recursive-descent parser, depth-capped. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

#define JSON_MAX_DEPTH	64

struct parser {
	const char *p;
	char *err;
	size_t err_size;
	bool failed;
};

static bool fail(struct parser *ps, const char *fmt, ...)
{
	va_list ap;

	if (!ps->failed && ps->err_size) {
		va_start(ap, fmt);
		vsnprintf(ps->err, ps->err_size, fmt, ap);
		va_end(ap);
	}
	ps->failed = true;
	return false;
}

static void skip_ws(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
		ps->p++;
}

static bool parse_value(struct parser *ps, struct json *out, int depth);

static bool parse_string_raw(struct parser *ps, char **out)
{
	const char *s = ++ps->p;	/* past the opening quote */
	size_t len = 0;
	char *buf;

	while (*ps->p && *ps->p != '"') {
		if ((unsigned char)*ps->p < 0x20)
			return fail(ps, "control character in a string at '%.20s'", ps->p);
		if (*ps->p == '\\' && !*++ps->p)
			break;
		ps->p++;
	}
	if (*ps->p != '"')
		return fail(ps, "unterminated string");
	buf = malloc((size_t)(ps->p - s) + 1);
	for (const char *q = s; q < ps->p; q++) {
		if (*q == '\\') {
			q++;
			if (!strchr("\"\\/bfnrt", *q)) {
				free(buf);
				return fail(ps, "unsupported escape '\\%c'", *q);
			}
		}
		buf[len++] = *q;
	}
	buf[len] = '\0';
	ps->p++;
	*out = buf;
	return true;
}

static bool parse_number(struct parser *ps, struct json *out)
{
	const char *s = ps->p;
	char *end;

	if (*s == '-')
		s++;
	if (!isdigit((unsigned char)*s) || (*s == '0' && isdigit((unsigned char)s[1])))
		return fail(ps, "bad number at '%.20s'", ps->p);
	out->type = JSON_NUMBER;
	out->number = strtod(ps->p, &end);
	out->integer = *ps->p != '-';
	for (const char *q = ps->p; q < end; q++)
		if (*q == '.' || *q == 'e' || *q == 'E')
			out->integer = false;
	ps->p = end;
	return true;
}

static bool parse_literal(struct parser *ps, struct json *out)
{
	static const struct { const char *word; enum json_type type; double v; } lits[] = {
		{ "true", JSON_BOOL, 1 }, { "false", JSON_BOOL, 0 }, { "null", JSON_NULL, 0 },
	};

	for (size_t i = 0; i < sizeof(lits) / sizeof(lits[0]); i++) {
		size_t n = strlen(lits[i].word);

		if (!strncmp(ps->p, lits[i].word, n)) {
			out->type = lits[i].type;
			out->number = lits[i].v;
			ps->p += n;
			return true;
		}
	}
	return fail(ps, "unexpected '%.20s'", ps->p);
}

static struct json *grow(struct json *j)
{
	j->items = realloc(j->items, (j->n + 1) * sizeof(*j->items));
	if (j->type == JSON_OBJECT)
		j->keys = realloc(j->keys, (j->n + 1) * sizeof(*j->keys));
	memset(&j->items[j->n], 0, sizeof(*j->items));
	return &j->items[j->n];
}

static bool parse_member(struct parser *ps, struct json *out, int depth)
{
	struct json *item = grow(out);
	char *key = NULL;

	if (out->type == JSON_OBJECT) {
		skip_ws(ps);
		if (*ps->p != '"')
			return fail(ps, "expected a member name at '%.20s'", ps->p);
		if (!parse_string_raw(ps, &key))
			return false;
		if (json_get(out, key)) {
			fail(ps, "duplicate member \"%s\"", key);
			free(key);
			return false;
		}
		out->keys[out->n] = key;
		skip_ws(ps);
		if (*ps->p++ != ':') {
			out->n++;
			return fail(ps, "expected ':' after \"%s\"", key);
		}
	}
	out->n++;
	return parse_value(ps, item, depth + 1);
}

static bool parse_container(struct parser *ps, struct json *out, int depth)
{
	char close = *ps->p == '{' ? '}' : ']';

	out->type = close == '}' ? JSON_OBJECT : JSON_ARRAY;
	ps->p++;
	skip_ws(ps);
	if (*ps->p == close) {
		ps->p++;
		return true;
	}
	for (;;) {
		if (!parse_member(ps, out, depth))
			return false;
		skip_ws(ps);
		if (*ps->p == close) {
			ps->p++;
			return true;
		}
		if (*ps->p++ != ',')
			return fail(ps, "expected ',' or '%c' at '%.20s'", close, ps->p - 1);
	}
}

static bool parse_value(struct parser *ps, struct json *out, int depth)
{
	if (depth > JSON_MAX_DEPTH)
		return fail(ps, "nested too deep");
	skip_ws(ps);
	switch (*ps->p) {
	case '{':
	case '[':
		return parse_container(ps, out, depth);
	case '"':
		out->type = JSON_STRING;
		return parse_string_raw(ps, &out->string);
	case '-':
	case '0' ... '9':
		return parse_number(ps, out);
	default:
		return parse_literal(ps, out);
	}
}

static void json_free_members(struct json *j)
{
	for (size_t i = 0; i < j->n; i++) {
		json_free_members(&j->items[i]);
		if (j->keys)
			free(j->keys[i]);
	}
	free(j->items);
	free(j->keys);
	free(j->string);
}

struct json *json_parse(const char *text, char *err, size_t err_size)
{
	struct parser ps = { .p = text, .err = err, .err_size = err_size };
	struct json *j = calloc(1, sizeof(*j));

	if (err_size)
		err[0] = '\0';
	if (parse_value(&ps, j, 0)) {
		skip_ws(&ps);
		if (*ps.p)
			fail(&ps, "text after the value: '%.20s'", ps.p);
	}
	if (ps.failed) {
		json_free(j);
		return NULL;
	}
	return j;
}

void json_free(struct json *j)
{
	if (!j)
		return;
	json_free_members(j);
	free(j);
}

const struct json *json_get(const struct json *j, const char *key)
{
	if (!j || j->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < j->n; i++)
		if (!strcmp(j->keys[i], key))
			return &j->items[i];
	return NULL;
}

const struct json *json_at(const struct json *j, size_t i)
{
	if (!j || j->type != JSON_ARRAY || i >= j->n)
		return NULL;
	return &j->items[i];
}

unsigned long json_ul(const struct json *j)
{
	if (!j || j->type != JSON_NUMBER || !j->integer)
		return -1UL;
	return (unsigned long)j->number;
}
