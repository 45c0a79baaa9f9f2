/* pci_alloc_consistent, then a return that forgets pci_free_consistent. */

int fx_ring_alloc(struct pci_dev *pdev, struct fx_ring *ring)
{
	void *desc;
	dma_addr_t dma;

	desc = pci_alloc_consistent(pdev, ring->size, &dma);
	if (desc == NULL)
		return -ENOMEM;
	if (fx_ring_check(ring))
		return -EINVAL;
	ring->desc = desc;
	ring->dma = dma;
	return 0;
}

int fx_buf_alloc(struct pci_dev *pdev, size_t len)
{
	u8 *buf;
	dma_addr_t handle;

	buf = pci_alloc_consistent(pdev, len, &handle);
	if (!buf)
		return -ENOMEM;
	fx_fill(buf, len);
	return -EIO;
}

/* Near miss: the error path frees the buffer. */
int fx_buf_ok(struct pci_dev *pdev, size_t len)
{
	u8 *buf;
	dma_addr_t handle;

	buf = pci_alloc_consistent(pdev, len, &handle);
	if (buf == NULL)
		return -ENOMEM;
	if (fx_fill(buf, len)) {
		pci_free_consistent(pdev, len, buf, handle);
		return -EIO;
	}
	pci_free_consistent(pdev, len, buf, handle);
	return 0;
}
