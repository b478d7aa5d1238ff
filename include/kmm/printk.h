/* SPDX-License-Identifier: MIT */
/*
 * kmm/printk.h - printk, its levels, and the pr_* helpers, as the kernel's.
 *
 * Messages go to the log buffer read by kmm_dmesg(), formatted as dmesg
 * prints them ("[    0.000123] text"). Messages whose level is below
 * console_loglevel are also written to the host console (stderr).
 *
 * How kmm differs: the default console_loglevel is 4, as if the command line
 * said `quiet` (only KERN_ERR and worse reach stderr), because a library
 * that prints its boot log on every start would be a nuisance. `loglevel=N`
 * on the command line sets it as in Linux.
 */
#ifndef KMM_PRINTK_H
#define KMM_PRINTK_H

#include <stdarg.h>
#include <kmm/compiler.h>
#include <kmm/types.h>

#define KERN_SOH	"\001"
#define KERN_SOH_ASCII	'\001'
#define KERN_EMERG	KERN_SOH "0"
#define KERN_ALERT	KERN_SOH "1"
#define KERN_CRIT	KERN_SOH "2"
#define KERN_ERR	KERN_SOH "3"
#define KERN_WARNING	KERN_SOH "4"
#define KERN_NOTICE	KERN_SOH "5"
#define KERN_INFO	KERN_SOH "6"
#define KERN_DEBUG	KERN_SOH "7"
#define KERN_DEFAULT	""
#define KERN_CONT	KERN_SOH "c"

#define LOGLEVEL_EMERG		0
#define LOGLEVEL_ERR		3
#define LOGLEVEL_WARNING	4
#define LOGLEVEL_NOTICE		5
#define LOGLEVEL_INFO		6
#define LOGLEVEL_DEBUG		7

/* Linux's defaults: CONSOLE_LOGLEVEL_DEFAULT 7, _QUIET 4, message level 4;
 * "debug" on the command line sets 10 (everything reaches the console). */
#define CONSOLE_LOGLEVEL_DEFAULT	7
#define CONSOLE_LOGLEVEL_QUIET		4
#define CONSOLE_LOGLEVEL_DEBUG		10
#define CONSOLE_LOGLEVEL_MOTORMOUTH	15	/* everything, as panic wants */
#define MESSAGE_LOGLEVEL_DEFAULT	4

extern int console_loglevel;
/* Non-zero while an oops (BUG) report is being printed. */
extern int oops_in_progress;

/* Before a fatal report: let every message reach the console. */
static inline void console_verbose(void)
{
	if (__atomic_load_n(&console_loglevel, __ATOMIC_RELAXED))
		__atomic_store_n(&console_loglevel, CONSOLE_LOGLEVEL_MOTORMOUTH,
				 __ATOMIC_RELAXED);
}

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

__printf(1, 2) int printk(const char *fmt, ...);
__printf(1, 0) int vprintk(const char *fmt, va_list args);

#define pr_emerg(fmt, ...)	printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_alert(fmt, ...)	printk(KERN_ALERT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...)	printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)	printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...)	printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...)	printk(KERN_CONT fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)	printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)

#define printk_once(fmt, ...) ({				\
	static bool __print_once;				\
	if (!__print_once) {					\
		__print_once = true;				\
		printk(fmt, ##__VA_ARGS__);			\
	}							\
})
#define pr_warn_once(fmt, ...) printk_once(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err_once(fmt, ...)  printk_once(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info_once(fmt, ...) printk_once(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
/* Rate limiting is per call site in Linux; kmm prints every time. */
#define pr_warn_ratelimited(fmt, ...) pr_warn(fmt, ##__VA_ARGS__)
#define pr_err_ratelimited(fmt, ...)  pr_err(fmt, ##__VA_ARGS__)

/*
 * lib/vsprintf.c: the kernel's formats, including %pa (phys_addr_t *),
 * %pS (symbol+offset/size), %pGg (GFP flags, later). Core code calls them
 * snprintf()/vsnprintf() through src/lib/string.h.
 */
__printf(3, 4) int kmm_snprintf(char *buf, size_t size, const char *fmt, ...);
__printf(3, 0) int kmm_vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
__printf(3, 4) int scnprintf(char *buf, size_t size, const char *fmt, ...);

/* lib/hexdump.c (src/lib/hexdump.c): hex dumps as the kernel prints them. */
enum { DUMP_PREFIX_NONE, DUMP_PREFIX_ADDRESS, DUMP_PREFIX_OFFSET };
int hex_dump_to_buffer(const void *buf, size_t len, int rowsize, int groupsize,
		       char *linebuf, size_t linebuflen, bool ascii);
void print_hex_dump(const char *level, const char *prefix_str, int prefix_type,
		    int rowsize, int groupsize, const void *buf, size_t len, bool ascii);

void dump_stack(void);
void dump_stack_lvl(const char *lvl);
__printf(1, 2) __noreturn __cold void panic(const char *fmt, ...);

/**
 * kmm_dmesg - the kernel log so far, as dmesg prints it.
 *
 * Context: any. The text stays valid until the next printk() or kmm_halt();
 * use kmm_dmesg_copy() when other threads may print.
 * Return: a NUL-terminated string, empty if nothing was logged.
 */
const char *kmm_dmesg(void);
/** kmm_dmesg_copy - copy the log into @buf (NUL-terminated); Return: length of the whole log. */
size_t kmm_dmesg_copy(char *buf, size_t size);
/** kmm_dmesg_clear - empty the log buffer (as dmesg -C). */
void kmm_dmesg_clear(void);
/**
 * kmm_set_console - route console output to @write (NULL: the host's stderr).
 * @write receives the text of each message whose level is below
 * console_loglevel, stamps included, in pieces as they are logged.
 * Context: any. @write runs under the log's lock: it must not printk.
 */
void kmm_set_console(void (*write)(const char *text, size_t len));

/* Internal: reset log state and restart the clock (called by kmm_boot). */
void printk_reset(void);

#endif /* KMM_PRINTK_H */
