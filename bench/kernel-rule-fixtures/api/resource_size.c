/* Open-coded resource_size. */

int fx_map(struct fx_priv *priv, struct resource *res)
{
	priv->base = ioremap(res->start, res->end - res->start + 1);
	if (!priv->base)
		return -ENOMEM;
	return 0;
}

size_t fx_len(struct platform_device *pdev)
{
	struct resource *mem;

	mem = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	return (mem->end - mem->start) + 1;
}

unsigned long fx_span(struct resource *r)
{
	return r->end - r->start;
}

/* Near miss: start and end of another struct. */
size_t fx_range_len(struct fx_range *range)
{
	return (range->end - range->start) + 1;
}
