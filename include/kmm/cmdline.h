/* SPDX-License-Identifier: MIT */
/*
 * kmm/cmdline.h - command-line parsing helpers, as lib/cmdline.c,
 * lib/kstrtox.c and kernel/params.c provide them.
 */
#ifndef KMM_CMDLINE_H
#define KMM_CMDLINE_H

#include <kmm/types.h>

/**
 * memparse - parse a size with an optional K, M, G, T, P or E suffix
 * (either case), as "64M" or "0x1000".
 * @ptr: where the number starts
 * @retptr: if not NULL, set to the first character not parsed
 * Return: the value in bytes (0 if there is no number; @retptr == @ptr then).
 */
unsigned long long memparse(const char *ptr, char **retptr);

/**
 * get_option - parse an integer from an option string, as "3,4,5".
 * Return: 0 no integer, 1 integer and end of string, 2 integer and a comma
 * follows (@str advanced past it), 3 a hyphen follows (a range).
 */
int get_option(char **str, int *pint);
/**
 * get_options - parse a list such as "1,2,5-8" into @ints[1..@nints-1].
 * @ints[0] receives how many numbers the list holds (a range counts each
 * of its numbers, even those that did not fit). @nints == 0 only counts.
 * Return: where parsing stopped ("" when the whole string was a list).
 */
char *get_options(const char *str, int nints, int *ints);

/**
 * next_arg - split the next "param=value" off @args, honouring double
 * quotes ("param=\"a b\""), as the kernel's next_arg().
 * Return: the rest of the string.
 */
char *next_arg(char *args, char **param, char **val);
char *skip_spaces(const char *str);
bool parameq(const char *a, const char *b);	/* '-' and '_' are equal */
bool parameqn(const char *a, const char *b, size_t n);

/**
 * parse_args - split @args into parameters and call @unknown for each.
 * @doing: what is being parsed, for messages ("early options")
 * An @unknown call that returns non-zero is reported as the kernel's
 * parse_args() reports it ("@doing: `param' invalid ..."), and parsing
 * goes on.
 * Return: the text after a "--" argument (init's arguments), or NULL.
 * (The kernel returns an error pointer instead once a handler failed;
 * kmm has no ERR_PTR users here, and the messages say what failed.)
 */
char *parse_args(const char *doing, char *args, void *arg,
		 int (*unknown)(char *param, char *val, const char *doing, void *arg));

/*
 * lib/kstrtox.c. kstrto*(): the whole string (one trailing newline allowed)
 * must be the number. Return: 0, -EINVAL (not a number) or -ERANGE (does
 * not fit); *res is written only on success. kstrtobool(): y/Y/t/T/1 and
 * "on" are true, n/N/f/F/0 and "of(f)" false, else -EINVAL.
 */
unsigned long long simple_strtoull(const char *cp, char **endp, unsigned int base);
unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base);
long simple_strtol(const char *cp, char **endp, unsigned int base);
long long simple_strtoll(const char *cp, char **endp, unsigned int base);
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtoll(const char *s, unsigned int base, long long *res);
int kstrtoul(const char *s, unsigned int base, unsigned long *res);
int kstrtol(const char *s, unsigned int base, long *res);
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
int kstrtoint(const char *s, unsigned int base, int *res);
int kstrtobool(const char *s, bool *res);

#endif /* KMM_CMDLINE_H */
