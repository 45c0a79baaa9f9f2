/*
 * stub/compiler.h - attribute-like macros, defined to nothing.
 *
 * They carry no syntax of their own: in the kernel they expand to GNU
 * __attribute__ lists, which pycparser does not read.
 */
#ifndef _STUB_COMPILER_H
#define _STUB_COMPILER_H

#define __attribute__(x)
#define __extension__
#define __inline__		inline
#define __inline		inline
#define __volatile__		volatile
#define __restrict		restrict
#define __signed__		signed
#define __alignof__(x)		_Alignof(x)

/* Section and lifetime markers. */
#define __init
#define __exit
#define __initdata
#define __initconst
#define __exitdata
#define __meminit
#define __ref
#define __read_mostly
#define __ro_after_init
#define __cacheline_aligned
#define __cacheline_aligned_in_smp
#define ____cacheline_aligned
#define ____cacheline_aligned_in_smp
#define __section(x)
#define __aligned(x)
#define __packed

/* sparse address spaces and annotations. */
#define __user
#define __kernel
#define __iomem
#define __percpu
#define __rcu
#define __force
#define __bitwise
#define __acquires(x)
#define __releases(x)
#define __must_hold(x)

/* Function attributes. */
#define __must_check
#define __always_inline		inline
#define noinline
#define __noinline
#define __cold
#define __hot
#define __pure
#define __weak
#define __used
#define __maybe_unused
#define __always_unused
#define __noreturn
#define __visible
#define __sched
#define notrace
#define asmlinkage
#define __printf(a, b)
#define __scanf(a, b)
#define __deprecated

#endif /* _STUB_COMPILER_H */
