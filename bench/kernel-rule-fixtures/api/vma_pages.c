/* Open-coded vma_pages. */

int fx_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long pages = (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;

	if (pages > 16)
		return -EINVAL;
	return fx_remap(file, vma, pages);
}

static unsigned long fx_count(struct vm_area_struct *area)
{
	return (area->vm_end - area->vm_start) >> PAGE_SHIFT;
}

/* Near miss: a byte count, and another struct. */
unsigned long fx_bytes(struct vm_area_struct *vma)
{
	return vma->vm_end - vma->vm_start;
}

unsigned long fx_range_pages(struct fx_range *r)
{
	return (r->vm_end - r->vm_start) >> PAGE_SHIFT;
}
