/*
 * kernel.h - the one stub header the pycparser agreement test gives cpp.
 *
 * Every #include in a checked file is blanked and this file is force-included
 * instead, so each file is preprocessed on its own, the way our parser sees it,
 * and the result is plain C99 that pycparser (no GNU extensions) can read.
 * Nothing here tries to be semantically right; it only has to keep the syntax
 * of the kernel code intact while removing what standard C does not have.
 */
#ifndef _STUB_KERNEL_H
#define _STUB_KERNEL_H

#include "stub/compiler.h"
#include "stub/types.h"
#include "stub/declarations.h"
#include "stub/iterators.h"
#include "stub/expressions.h"

#endif /* _STUB_KERNEL_H */
