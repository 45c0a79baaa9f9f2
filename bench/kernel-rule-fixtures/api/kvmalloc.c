/* kmalloc or vmalloc chosen by hand, where kvmalloc/kvfree would do. */

void *fx_alloc_table(size_t size)
{
	void *table;

	if (size <= PAGE_SIZE)
		table = kmalloc(size, GFP_KERNEL);
	else
		table = vmalloc(size);
	return table;
}

void *fx_alloc_fallback(size_t size)
{
	void *buf;

	buf = kzalloc(size, GFP_KERNEL | __GFP_NOWARN);
	if (buf == NULL)
		buf = vzalloc(size);
	return buf;
}

void fx_free_table(void *table)
{
	if (is_vmalloc_addr(table))
		vfree(table);
	else
		kfree(table);
}

/* Near miss: only kmalloc. */
void *fx_alloc_small(size_t size)
{
	void *buf;

	buf = kmalloc(size, GFP_KERNEL);
	if (buf == NULL)
		return NULL;
	return buf;
}
