/*
 * stub/declarations.h - macros that stand where a declaration stands.
 *
 * Each expands to one ordinary declaration, so `static DEFINE_MUTEX(m);` and
 * `EXPORT_SYMBOL(f);` stay declarations, with the `;` the file supplies.
 */
#ifndef _STUB_DECLARATIONS_H
#define _STUB_DECLARATIONS_H

#ifndef KBUILD_MODNAME
#define KBUILD_MODNAME		"stub"
#endif

#define EXPORT_SYMBOL(f)		extern int __export_dummy_##f
#define EXPORT_SYMBOL_GPL(f)		extern int __export_dummy_##f
#define MODULE_LICENSE(s)		extern int __module_dummy_license
#define MODULE_AUTHOR(s)		extern int __module_dummy_author
#define MODULE_DESCRIPTION(s)		extern int __module_dummy_description
#define MODULE_ALIAS(s)			extern int __module_dummy_alias
#define MODULE_PARM_DESC(p, s)		extern int __module_dummy_parm_desc_##p
#define module_param(n, type, perm)	extern int __module_dummy_param_##n

#define module_init(f)			extern int __initcall_dummy_##f
#define module_exit(f)			extern int __exitcall_dummy_##f
#define core_initcall(f)		extern int __initcall_dummy_##f
#define subsys_initcall(f)		extern int __initcall_dummy_##f
#define fs_initcall(f)			extern int __initcall_dummy_##f
#define device_initcall(f)		extern int __initcall_dummy_##f
#define late_initcall(f)		extern int __initcall_dummy_##f
#define __setup(s, f)			extern int __setup_dummy_##f

#define DEFINE_MUTEX(m)			struct mutex m
#define DEFINE_SPINLOCK(l)		spinlock_t l
#define DEFINE_RWLOCK(l)		rwlock_t l
#define DECLARE_RWSEM(s)		struct rw_semaphore s
#define DECLARE_WAIT_QUEUE_HEAD(w)	wait_queue_head_t w
#define LIST_HEAD(l)			struct list_head l
#define HLIST_HEAD(l)			struct hlist_head l
#define DEFINE_PER_CPU(t, n)		t n
#define DECLARE_PER_CPU(t, n)		extern t n
#define DECLARE_BITMAP(n, bits)		unsigned long n[((bits) + 63) / 64]

#define SYSCALL_DEFINE0(n)						\
	long sys_##n(void)
#define SYSCALL_DEFINE1(n, t1, a1)					\
	long sys_##n(t1 a1)
#define SYSCALL_DEFINE2(n, t1, a1, t2, a2)				\
	long sys_##n(t1 a1, t2 a2)
#define SYSCALL_DEFINE3(n, t1, a1, t2, a2, t3, a3)			\
	long sys_##n(t1 a1, t2 a2, t3 a3)
#define SYSCALL_DEFINE4(n, t1, a1, t2, a2, t3, a3, t4, a4)		\
	long sys_##n(t1 a1, t2 a2, t3 a3, t4 a4)
#define SYSCALL_DEFINE5(n, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5)	\
	long sys_##n(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5)
#define SYSCALL_DEFINE6(n, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6) \
	long sys_##n(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6)

/* A few prototypes, so the stubs use the attribute macros they define. */
__printf(1, 2) int printk(const char *fmt, ...);
int vprintk(const char *fmt, va_list args);
void *kmalloc(size_t size, gfp_t flags);
void *kzalloc(size_t size, gfp_t flags);
void kfree(const void *p);
unsigned long __must_check copy_from_user(void *to, const void __user *from,
					  unsigned long n);
unsigned long __must_check copy_to_user(void __user *to, const void *from,
					unsigned long n);

#endif /* _STUB_DECLARATIONS_H */
