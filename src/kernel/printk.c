// SPDX-License-Identifier: MIT
/*
 * src/kernel/printk.c - the kernel log buffer, the console, panic.
 *
 * 1. The log. Every message is stored already formatted as dmesg shows it:
 *    "[SSSSS.UUUUUU] text\n", the time measured from printk_reset() (the
 *    start of kmm_boot) or from the first message. kmm_dmesg() hands out
 *    the text itself. Each line of a message with embedded newlines gets
 *    the message's stamp, as the kernel's syslog output prints a record.
 *
 * 2. Levels. A message starts with KERN_SOH prefixes: the first level
 *    digit wins, 'c' (KERN_CONT) marks a continuation, any other character
 *    after KERN_SOH ends the prefixes. The level is read after formatting,
 *    so it may come from a "%s" argument. No level: MESSAGE_LOGLEVEL_DEFAULT.
 *
 * 3. Continuation. A message without a trailing newline leaves its line
 *    open for the caller (thread) that printed it. A KERN_CONT message
 *    from that caller appends to it while it is the last line; anything
 *    else closes it first, so a fragment of another thread never lands in
 *    the middle of a line: it starts a line of its own, as the kernel's
 *    ring buffer makes it a record of its own.
 *
 * 4. Size. The buffer is LOG_BUF_LEN bytes of host memory reserved but
 *    untouched until written (so its size costs nothing). Room for a whole
 *    message is made before any of it is written: the oldest whole lines
 *    are dropped until the log is at most half full, as the kernel's ring
 *    drops records, so the log always starts at a line's stamp.
 *
 * 5. The console. Until boot has read loglevel= and quiet, the console is
 *    not registered: what would reach it waits in early_con with its
 *    level, and console_init() replays what passes the final
 *    console_loglevel, as the kernel's console replays the log it missed.
 *
 * 6. Locking. One spinlock (logbuf_lock) guards the buffer, the line
 *    state and early_con; printk may be called from any thread.
 *    Formatting happens before the lock is taken. The console write
 *    happens under it, so lines never interleave on the console either;
 *    a console callback must therefore not printk. The console pointer
 *    and console_loglevel are read atomically: they may be changed while
 *    others print. Nothing here allocates after the first call.
 *
 * 7. How kmm differs. The default console_loglevel is 4 (as `quiet`); see
 *    kmm/printk.h. There is no record structure: /dev/kmsg-style metadata
 *    (sequence numbers, facilities) does not exist.
 */
#include <stdarg.h>
#include <stdatomic.h>

#include <kmm/init.h>
#include <kmm/printk.h>
#include <kmm/panic.h>
#include <kmm/setup.h>
#include <kmm/smp.h>
#include "../lib/string.h"
#include "../host/host.h"

#define LOG_BUF_LEN	(16UL << 20)	/* reserved, paid for only as used */
#define LOG_LINE_MAX	1024		/* as the kernel's PRINTKRB_RECORD_MAX */
#define STAMP_MAX	32		/* "[%5llu.%06llu] " and then some */
#define KMM_UTS_RELEASE	"6.12.0-kmm"

int console_loglevel = CONSOLE_LOGLEVEL_QUIET;
int oops_in_progress;

static char *log_buf;
static size_t log_len;
static u64 log_t0;
static atomic_flag logbuf_lock = ATOMIC_FLAG_INIT;
static void (*console_write)(const char *text, size_t len);

/* The last line, while it has no newline: who may continue it, at which level. */
static struct {
	bool open;
	int level;
	int owner;
} line;

/*
 * Until boot registers the console (console_init()), lines wait here: for
 * each piece a level byte, the text, a NUL.
 */
#define EARLY_CON_LEN	(64 * 1024)
static bool console_registered = true;
static char early_con[EARLY_CON_LEN];
static size_t early_con_len;

/* Tell the CPU we spin (cheaper for a hyperthread sibling), if we can. */
static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ volatile("yield" ::: "memory");
#endif
}

static void logbuf_lock_acquire(void)
{
	while (atomic_flag_test_and_set_explicit(&logbuf_lock, memory_order_acquire))
		cpu_relax();
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

/*
 * Make sure @need more bytes fit: drop whole lines from the front until
 * the log is at most half full. An open line that is dropped is closed.
 */
static void log_make_room(size_t need)
{
	size_t cut = 0;

	if (log_len + need + 1 <= LOG_BUF_LEN)
		return;
	while (cut < log_len && log_len - cut + need + 1 > LOG_BUF_LEN / 2) {
		char *nl = memchr(log_buf + cut, '\n', log_len - cut);

		cut = nl ? (size_t)(nl - log_buf) + 1 : log_len;
	}
	if (cut == log_len)
		line.open = false;
	memmove(log_buf, log_buf + cut, log_len - cut);
	log_len -= cut;
	log_buf[log_len] = '\0';
}

static void console_emit(const char *s, size_t n)
{
	void (*write)(const char *, size_t) =
		__atomic_load_n(&console_write, __ATOMIC_ACQUIRE);

	if (write)
		write(s, n);
	else
		host_console_write(s, n);
}

/* Keep text for the console until it registers (what fits). */
static void early_con_store(const char *s, size_t n, int level)
{
	if (early_con_len + n + 2 > EARLY_CON_LEN)
		return;
	early_con[early_con_len++] = (char)('0' + level);
	memcpy(early_con + early_con_len, s, n);
	early_con_len += n;
	early_con[early_con_len++] = '\0';
}

/* Append @n bytes (room was made) and echo them to the console. */
static void log_append(const char *s, size_t n, int level)
{
	memcpy(log_buf + log_len, s, n);
	log_len += n;
	log_buf[log_len] = '\0';
	if (!console_registered)
		early_con_store(s, n, level);
	else if (level < __atomic_load_n(&console_loglevel, __ATOMIC_RELAXED))
		console_emit(s, n);
}

/* The dmesg time stamp of the present moment into @stamp; Return: its length. */
static size_t log_format_stamp(char *stamp)
{
	u64 ns = host_clock_ns() - log_t0;

	return (size_t)snprintf(stamp, STAMP_MAX, "[%5llu.%06llu] ",
				(unsigned long long)(ns / 1000000000ULL),
				(unsigned long long)(ns % 1000000000ULL / 1000));
}

/* Bytes @text may take in the log: its text, a stamp per line, a newline. */
static size_t log_need(const char *text)
{
	size_t need = 1 + STAMP_MAX;

	for (; *text; text++)
		need += *text == '\n' ? 1 + STAMP_MAX : 1;
	return need;
}

/* Store @text (one message, formatted, prefixes gone) under the lock. */
static void log_store(const char *text, int level, bool cont, int caller)
{
	char stamp[STAMP_MAX];
	size_t stamp_len = log_format_stamp(stamp);

	log_make_room(log_need(text));
	if (cont && line.open && line.owner == caller) {
		level = line.level;
	} else if (line.open) {
		log_append("\n", 1, line.level);
		line.open = false;
	}
	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) + 1 : strlen(text);

		if (!line.open)
			log_append(stamp, stamp_len, level);
		log_append(text, n, level);
		line.open = !nl;
		line.level = level;
		line.owner = caller;
		text += n;
	}
}

/* Split KERN_<LEVEL> prefixes off the formatted @text. */
static const char *printk_level(const char *text, int *level, bool *cont)
{
	*level = -1;
	*cont = false;
	for (; text[0] == KERN_SOH_ASCII; text += 2) {
		if (text[1] >= '0' && text[1] <= '7') {
			if (*level < 0)
				*level = text[1] - '0';
		} else if (text[1] == 'c') {
			*cont = true;
		} else {
			break;	/* not a prefix: part of the text */
		}
	}
	if (*level < 0)
		*level = MESSAGE_LOGLEVEL_DEFAULT;
	return text;
}

/* Return: the length of the text stored, without prefixes and the final
 * newline, as the kernel's printk returns. */
int vprintk(const char *fmt, va_list args)
{
	char text[LOG_LINE_MAX];
	const char *body;
	int level, caller = task_pid_nr_current();
	size_t n;
	bool cont;

	/* Format first, then read the level: it may come from a %s argument. */
	vsnprintf(text, sizeof(text), fmt, args);
	body = printk_level(text, &level, &cont);
	logbuf_lock_acquire();
	if (log_ready())
		log_store(body, level, cont, caller);
	logbuf_lock_release();
	n = strlen(body);
	return (int)(n && body[n - 1] == '\n' ? n - 1 : n);
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
	line.open = false;
	if (log_buf)
		log_buf[0] = '\0';
	logbuf_lock_release();
}

void kmm_set_console(void (*write)(const char *text, size_t len))
{
	__atomic_store_n(&console_write, write, __ATOMIC_RELEASE);
}

void printk_reset(void)
{
	kmm_dmesg_clear();
	logbuf_lock_acquire();
	log_t0 = host_clock_ns();
	console_registered = false;
	early_con_len = 0;
	logbuf_lock_release();
	__atomic_store_n(&console_loglevel, CONSOLE_LOGLEVEL_QUIET, __ATOMIC_RELAXED);
}

/* Register the console: replay what waited and passes console_loglevel. */
void console_init(void)
{
	int loglevel = __atomic_load_n(&console_loglevel, __ATOMIC_RELAXED);
	size_t pos = 0;

	logbuf_lock_acquire();
	while (pos < early_con_len) {
		int level = early_con[pos] - '0';
		const char *text = early_con + pos + 1;
		size_t n = strlen(text);

		if (level < loglevel)
			console_emit(text, n);
		pos += n + 2;
	}
	early_con_len = 0;
	console_registered = true;
	logbuf_lock_release();
}

/* console=NAME[,options]: kmm has one console, so the choice is accepted
 * and ignored (it must not be reported as an unknown parameter). */
static int __init console_setup(char *str)
{
	return 1;
}
__setup("console=", console_setup);

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

	console_verbose();
	console_init();		/* a panic during boot is shown all the same */
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	n = strlen(msg);
	if (n && msg[n - 1] == '\n')
		msg[n - 1] = '\0';
	pr_emerg("Kernel panic - not syncing: %s\n", msg);
	/* An oops already showed the stack (kernel: no nested stack dumps). */
	if (!oops_in_progress)
		dump_stack();
	pr_emerg("---[ end Kernel panic - not syncing: %s ]---\n", msg);
	host_abort();
}
