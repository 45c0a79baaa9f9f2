// SPDX-License-Identifier: GPL-2.0
/*
 * A byte ring with goto error paths, pointer-to-pointer out parameters,
 * casts, sizeof, compound assignments and nested ternaries.
 */
#include <linux/slab.h>
#include <linux/errno.h>
#include <linux/kernel.h>

struct ring {
	u8 *data;
	size_t size;
	size_t head;
	size_t tail;
	unsigned long flags;
	struct ring **owner_slot;
};

#define RING_FULL	0x1UL
#define RING_DIRTY	0x2UL

static inline size_t ring_used(const struct ring *r)
{
	return r->head >= r->tail ? r->head - r->tail
				  : r->size - (r->tail - r->head);
}

int ring_alloc(struct ring **out, size_t size, gfp_t gfp)
{
	struct ring *r;
	int err = -ENOMEM;

	if (!out || size == 0 || (size & (size - 1)))
		return -EINVAL;

	r = kzalloc(sizeof(*r), gfp);
	if (!r)
		goto out;
	r->data = (u8 *)kmalloc(size * sizeof(u8), gfp);
	if (!r->data)
		goto out_free_ring;
	r->size = size;
	r->owner_slot = out;
	*out = r;
	return 0;

out_free_ring:
	kfree(r);
out:
	*out = NULL;
	return err;
}

size_t ring_write(struct ring *r, const void *buf, size_t len)
{
	const u8 *src = (const u8 *)buf;
	size_t done = 0;

	while (done < len && !(r->flags & RING_FULL)) {
		r->data[r->head] = src[done++];
		r->head = (r->head + 1) & (r->size - 1);
		r->flags |= RING_DIRTY;
		if (r->head == r->tail)
			r->flags |= RING_FULL;
	}
	return done;
}

size_t ring_read(struct ring *r, void *buf, size_t len)
{
	u8 *dst = buf;
	size_t n = 0, avail = r->flags & RING_FULL ? r->size : ring_used(r);

	len = len < avail ? len : avail;
	while (n < len) {
		dst[n++] = r->data[r->tail];
		r->tail = (r->tail + 1) % r->size;
	}
	r->flags &= ~RING_FULL;
	r->flags ^= n ? RING_DIRTY : 0;
	return n;
}

int ring_shrink(struct ring *r, int shift)
{
	unsigned long mask = ~0UL;

	mask <<= shift;
	mask >>= 1;
	r->size >>= shift;
	r->head %= r->size;
	r->tail -= r->tail > r->size ? r->size : 0;
	return r->size == 0 ? -EINVAL : r->size < 64 ? 1 : r->size < 4096 ? 2 : 0;
}

void ring_free(struct ring **rp)
{
	struct ring *r = *rp;

	if (!r)
		return;
	if (r->owner_slot && *r->owner_slot == r)
		*r->owner_slot = NULL;
	kfree(r->data);
	kfree(r);
	*rp = NULL;
}
