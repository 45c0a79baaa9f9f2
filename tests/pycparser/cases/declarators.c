// SPDX-License-Identifier: GPL-2.0
/*
 * Harder declarators and expressions that kernel code does use: functions
 * returning function pointers, casts to function-pointer types, compound
 * literals, nested designators, multi-dimensional arrays, char escapes.
 */
#include <linux/types.h>
#include <linux/string.h>

typedef struct {
	u16 major;
	u16 minor;
} fw_version_t;

enum op_kind { OP_NOP, OP_ADD, OP_SUB, OP_NR };

struct op_desc {
	const char *name;
	long (*fn)(long a, long b);
	struct { unsigned int arity:2; unsigned int commutative:1; } traits;
	union {
		long imm;
		const void *ptr;
	} arg;
};

static long op_add(long a, long b) { return a + b; }
static long op_sub(long a, long b) { return a - b; }

static const struct op_desc op_table[OP_NR] = {
	[OP_ADD] = { .name = "add", .fn = op_add, .traits.arity = 2,
		     .traits.commutative = 1 },
	[OP_SUB] = { .name = "sub", .fn = op_sub, .traits = { 2, 0 } },
	[OP_NOP].name = "nop",
	[OP_NOP].arg.imm = -1L,
};

static const u8 crc_seed[2][4] = { { 0x1f, 0x2e, 0x3d, 0x4c }, { 0 } };
static const char escapes[] = { '\0', '\n', '\\', '\'', '\x7f', '\033', '"' };
extern char __start_ops[], __stop_ops[];
static volatile u32 __iomem *doorbell;

long (*op_lookup(enum op_kind kind))(long, long)
{
	return kind < OP_NR ? op_table[kind].fn : (long (*)(long, long))0;
}

static void call_cb(void *fn, void *data)
{
	((void (*)(void *))fn)(data);
}

static int cmp_version(const void *a, const void *b)
{
	const fw_version_t *x = a, *y = b;

	return x->major != y->major ? (int)x->major - (int)y->major
				    : (int)x->minor - (int)y->minor;
}

int op_eval(const char *const *names, unsigned int n, long *acc)
{
	unsigned int i, j;
	fw_version_t v = (fw_version_t){ .major = 1, .minor = 0 };
	const long *const *unused_pp = (const long *const *)0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < OP_NR; j++) {
			if (!op_table[j].name || strcmp(names[i], op_table[j].name))
				continue;
			if (op_table[j].fn)
				*acc = op_table[j].fn(*acc, (long)i), v.minor++;
			break;
		}
		if (j == OP_NR)
			return -(int)sizeof(struct op_desc);
	}
	if (unused_pp || doorbell)
		call_cb((void *)cmp_version, &v);
	for (;;) {
		if (*acc > 0)
			break;
		*acc = -*acc, *acc += sizeof(int[4]) + sizeof crc_seed[1];
	}
	return escapes[1] == '\n' ? crc_seed[0][i & 3] : __stop_ops - __start_ops;
}
