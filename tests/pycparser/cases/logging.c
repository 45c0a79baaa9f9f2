// SPDX-License-Identifier: GPL-2.0
/*
 * A logging helper: __printf on prototypes, varargs, string literals glued
 * to KERN_* macros and to each other, and function attribute macros.
 */
#define pr_fmt(fmt) "dbglog: " fmt

#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/stdarg.h>

#define DBG_PREFIX	"[dbg] "
#define DBG_LEVELS	4

__printf(1, 2) void dbg_log(const char *fmt, ...);
extern __printf(2, 3) int dbg_snprintf(char *buf, const char *fmt, ...);
static __printf(2, 0) int dbg_vlog(int level, const char *fmt, va_list args);
void dbg_emit(const char *msg, int len) __cold;

static int dbg_level __read_mostly = 1;
static const char *const dbg_tags[DBG_LEVELS] = { "E", "W", "I", "D" };

static __always_inline bool dbg_enabled(int level)
{
	return level <= dbg_level;
}

static noinline int dbg_vlog(int level, const char *fmt, va_list args)
{
	char buf[128];
	int len;

	if (!dbg_enabled(level))
		return 0;
	len = vsnprintf(buf, sizeof(buf), fmt, args);
	if (len >= (int)sizeof(buf))
		len = sizeof(buf) - 1;
	dbg_emit(buf, len);
	return len;
}

void dbg_log(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	dbg_vlog(2, fmt, args);
	va_end(args);
}

void __cold dbg_emit(const char *msg, int len)
{
	printk(KERN_INFO DBG_PREFIX "%.*s\n", len, msg);
}

static void __maybe_unused dbg_banner(void)
{
	pr_info("dbglog ready, level %d\n", dbg_level);
	printk(KERN_ERR "dbglog: " "built " "with " DBG_PREFIX "\n");
	printk(KERN_WARNING "%s: tag %s\n", __func__, dbg_tags[dbg_level & 3]);
}

int dbg_set_level(int level)
{
	if (level < 0 || level >= DBG_LEVELS) {
		pr_err("bad level %d\n", level);
		return -EINVAL;
	}
	dbg_level = level;
	dbg_log("level now %s (%d)\n", dbg_tags[level], level);
	return 0;
}

int dbg_sum_ints(int count, ...)
{
	va_list ap;
	int sum = 0;

	va_start(ap, count);
	while (count-- > 0)
		sum += va_arg(ap, int);
	va_end(ap);
	return sum;
}
