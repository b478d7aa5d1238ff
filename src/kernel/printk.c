// SPDX-License-Identifier: MIT
/*
 * src/kernel/printk.c - the kernel log buffer, the console, panic.
 *
 * 1. The log. Every message is stored already formatted as dmesg shows it:
 *    "[SSSSS.UUUUUU] text\n", the time measured from printk_reset() (the
 *    start of kmm_boot) or from the first message. kmm_dmesg() hands out
 *    the text itself. A message without a trailing newline leaves the line
 *    open; the next KERN_CONT message continues it, any other closes it.
 *
 * 2. Size. The buffer is LOG_BUF_LEN bytes of host memory reserved but
 *    untouched until written (so its size costs nothing). When full, the
 *    oldest whole lines are dropped, as the kernel's ring drops records.
 *
 * 3. Locking. One spinlock (logbuf_lock) guards the buffer; printk may be
 *    called from any thread. The console write happens under it too, so
 *    lines never interleave. Nothing here allocates after the first call.
 *
 * 4. How kmm differs. The default console_loglevel is 4 (as `quiet`); see
 *    kmm/printk.h. Lines of one message that contain embedded newlines
 *    each get a timestamp.
 */
#include <stdarg.h>
#include <stdatomic.h>

#include <kmm/printk.h>
#include <kmm/panic.h>
#include <kmm/smp.h>
#include <kmm/setup.h>
#include "../lib/string.h"
#include "../host/host.h"

#define LOG_BUF_LEN	(16UL << 20)	/* reserved, paid for only as used */
#define LOG_LINE_MAX	1024		/* as the kernel's PRINTKRB_RECORD_MAX */
#define KMM_UTS_RELEASE	"6.12.0-kmm"

int console_loglevel = CONSOLE_LOGLEVEL_QUIET;

static char *log_buf;
static size_t log_len;
static bool line_open;
static int line_level;
static u64 log_t0;
static atomic_flag logbuf_lock = ATOMIC_FLAG_INIT;
static void (*console_write)(const char *text, size_t len);

/*
 * Until boot has read loglevel=/quiet, the console is not registered and
 * lines wait in early_con with their levels; console_init() replays those
 * below the final console_loglevel, as the kernel's console replays its log.
 */
#define EARLY_CON_LEN	(64 * 1024)
static bool console_registered = true;
static char early_con[EARLY_CON_LEN];
static size_t early_con_len;

static void logbuf_lock_acquire(void)
{
	while (atomic_flag_test_and_set_explicit(&logbuf_lock, memory_order_acquire))
		;
}

static void logbuf_lock_release(void)
{
	atomic_flag_clear_explicit(&logbuf_lock, memory_order_release);
}

static bool log_ready(void)
{
	if (!log_buf) {
		log_buf = host_pages_alloc(LOG_BUF_LEN);
		if (!log_buf)
			return false;
		log_t0 = host_clock_ns();
		log_buf[0] = '\0';
	}
	return true;
}

/* Drop whole lines from the front until @need more bytes fit. */
static void log_make_room(size_t need)
{
	size_t cut = 0;

	if (log_len + need + 1 <= LOG_BUF_LEN)
		return;
	while (cut < log_len && log_len - cut + need + 1 > LOG_BUF_LEN / 2) {
		char *nl = memchr(log_buf + cut, '\n', log_len - cut);

		cut = nl ? (size_t)(nl - log_buf) + 1 : log_len;
	}
	memmove(log_buf, log_buf + cut, log_len - cut);
	log_len -= cut;
}

static void con_write(const char *s, size_t n)
{
	if (console_write)
		console_write(s, n);
	else
		host_console_write(s, n);
}

/* Keep text for the console until it registers: a level byte, then text. */
static void early_con_store(const char *s, size_t n, int level)
{
	if (early_con_len + n + 2 > EARLY_CON_LEN)
		return;
	early_con[early_con_len++] = (char)('0' + level);
	memcpy(early_con + early_con_len, s, n);
	early_con_len += n;
	early_con[early_con_len++] = '\0';
}

static void log_append(const char *s, size_t n, int level)
{
	if (n > LOG_BUF_LEN / 4)
		n = LOG_BUF_LEN / 4;
	log_make_room(n);
	memcpy(log_buf + log_len, s, n);
	if (!console_registered)
		early_con_store(s, n, level);
	else if (level < console_loglevel)
		con_write(s, n);
	log_len += n;
	log_buf[log_len] = '\0';
}

static void log_stamp(int level)
{
	char stamp[32];
	u64 ns = host_clock_ns() - log_t0;
	int n = snprintf(stamp, sizeof(stamp), "[%5llu.%06llu] ",
			 (unsigned long long)(ns / 1000000000ULL),
			 (unsigned long long)(ns % 1000000000ULL / 1000));

	log_append(stamp, (size_t)n, level);
}

/* Store @text (one message, already formatted) under the lock. */
static void log_store(const char *text, int level, bool cont)
{
	if (cont && line_open) {
		level = line_level;
	} else if (line_open) {
		log_append("\n", 1, line_level);
		line_open = false;
	}
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) + 1 : strlen(text);

		if (!line_open)
			log_stamp(level);
		log_append(text, n, level);
		line_open = !nl;
		line_level = level;
		text += n;
	}
}

/* Split KERN_<LEVEL> prefixes off the formatted @fmt. */
static const char *printk_level(const char *fmt, int *level, bool *cont)
{
	*level = MESSAGE_LOGLEVEL_DEFAULT;
	*cont = false;
	while (fmt[0] == KERN_SOH_ASCII && fmt[1]) {
		if (fmt[1] >= '0' && fmt[1] <= '7')
			*level = fmt[1] - '0';
		else if (fmt[1] == 'c')
			*cont = true;
		fmt += 2;
	}
	return fmt;
}

int vprintk(const char *fmt, va_list args)
{
	char text[LOG_LINE_MAX];
	const char *body;
	int level, n;
	bool cont;

	/* Format first, then read the level: it may come from a %s argument. */
	n = vsnprintf(text, sizeof(text), fmt, args);
	body = printk_level(text, &level, &cont);
	logbuf_lock_acquire();
	if (log_ready())
		log_store(body, level, cont);
	logbuf_lock_release();
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

const char *kmm_dmesg(void)
{
	return log_buf ? log_buf : "";
}

size_t kmm_dmesg_copy(char *buf, size_t size)
{
	size_t len;

	logbuf_lock_acquire();
	len = log_buf ? log_len : 0;
	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		if (n)
			memcpy(buf, log_buf, n);
		buf[n] = '\0';
	}
	logbuf_lock_release();
	return len;
}

void kmm_dmesg_clear(void)
{
	logbuf_lock_acquire();
	log_len = 0;
	line_open = false;
	if (log_buf)
		log_buf[0] = '\0';
	logbuf_lock_release();
}

void kmm_set_console(void (*write)(const char *text, size_t len))
{
	console_write = write;
}

void printk_reset(void)
{
	kmm_dmesg_clear();
	logbuf_lock_acquire();
	log_t0 = host_clock_ns();
	console_registered = false;
	early_con_len = 0;
	logbuf_lock_release();
	console_loglevel = CONSOLE_LOGLEVEL_QUIET;
}

void console_init(void)
{
	size_t pos = 0;

	logbuf_lock_acquire();
	while (pos < early_con_len) {
		int level = early_con[pos] - '0';
		const char *text = early_con + pos + 1;
		size_t n = strlen(text);

		if (level < console_loglevel)
			con_write(text, n);
		pos += n + 2;
	}
	early_con_len = 0;
	console_registered = true;
	logbuf_lock_release();
}

void dump_stack_lvl(const char *lvl)
{
	unsigned long addrs[32];
	int n = host_backtrace(addrs, 32, 1);

	printk("%sCPU: %d UID: 0 PID: %d Comm: %.20s %s %s\n", lvl,
	       raw_smp_processor_id(), task_pid_nr_current(), current_comm(),
	       print_tainted(), KMM_UTS_RELEASE);
	if (get_taint())
		printk("%s%s\n", lvl, print_tainted_verbose());
	printk("%sHardware name: kmm simulated machine\n", lvl);
	printk("%sCall Trace:\n", lvl);
	printk("%s <TASK>\n", lvl);
	for (int i = 0; i < n; i++)
		printk("%s %pS\n", lvl, (void *)addrs[i]);
	printk("%s </TASK>\n", lvl);
}

void dump_stack(void)
{
	dump_stack_lvl(KERN_DEFAULT);
}

void panic(const char *fmt, ...)
{
	char msg[LOG_LINE_MAX];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	n = strlen(msg);
	if (n && msg[n - 1] == '\n')
		msg[n - 1] = '\0';
	if (!console_registered)
		console_init();
	pr_emerg("Kernel panic - not syncing: %s\n", msg);
	dump_stack_lvl(KERN_EMERG);
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", msg);
	host_abort();
}
