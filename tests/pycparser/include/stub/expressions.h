/*
 * stub/expressions.h - expression macros whose kernel definitions need GNU C
 * (statement expressions, typeof) or take a type as an argument, which a
 * function call cannot. Each is rewritten in standard C of the same shape.
 * Macros that look like function calls on values need no stub at all.
 */
#ifndef _STUB_EXPRESSIONS_H
#define _STUB_EXPRESSIONS_H

#define NULL			((void *)0)
#define true			1
#define false			0

#define KERN_EMERG		""
#define KERN_ALERT		""
#define KERN_CRIT		""
#define KERN_ERR		""
#define KERN_WARNING		""
#define KERN_NOTICE		""
#define KERN_INFO		""
#define KERN_DEBUG		""
#define KERN_CONT		""

#ifndef pr_fmt
#define pr_fmt(fmt)		fmt
#endif
#define pr_emerg(fmt, ...)	printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)	printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)	printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)	printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)	printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)

#define likely(x)		(x)
#define unlikely(x)		(x)
#define READ_ONCE(x)		(x)
#define WRITE_ONCE(x, v)	((x) = (v))
#define ACCESS_ONCE(x)		(x)

#define va_start(ap, last)	((ap) = (va_list)&(last))
#define va_arg(ap, type)	(*(type *)(ap))
#define va_end(ap)		((void)(ap))

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#define list_entry(ptr, type, member)	container_of(ptr, type, member)
#define list_first_entry(ptr, type, member) \
	container_of((ptr)->next, type, member)
#define list_last_entry(ptr, type, member) \
	container_of((ptr)->prev, type, member)
#define hlist_entry(ptr, type, member)	container_of(ptr, type, member)
#define rb_entry(ptr, type, member)	container_of(ptr, type, member)
#define sizeof_field(type, member)	sizeof(((type *)0)->member)
#define ARRAY_SIZE(a)			(sizeof(a) / sizeof((a)[0]))

#define min_t(type, a, b)	((type)(a) < (type)(b) ? (type)(a) : (type)(b))
#define max_t(type, a, b)	((type)(a) > (type)(b) ? (type)(a) : (type)(b))
#define BUILD_BUG_ON(c)		((void)sizeof(char[1 - 2 * !!(c)]))

#define KMEM_CACHE(s, flags) \
	kmem_cache_create(#s, sizeof(struct s), _Alignof(struct s), (flags), NULL)
#define alloc_percpu(type)	((type *)__alloc_percpu(sizeof(type)))
#define this_cpu_inc(v)		((v)++)
#define this_cpu_add(v, n)	((v) += (n))
#define per_cpu(v, cpu)		(v)

#define _IOC(dir, t, nr, size)	(((dir) << 30) | ((t) << 8) | (nr) | ((size) << 16))
#define _IO(t, nr)		_IOC(0U, t, nr, 0)
#define _IOR(t, nr, type)	_IOC(2U, t, nr, sizeof(type))
#define _IOW(t, nr, type)	_IOC(1U, t, nr, sizeof(type))
#define _IOWR(t, nr, type)	_IOC(3U, t, nr, sizeof(type))

#endif /* _STUB_EXPRESSIONS_H */
