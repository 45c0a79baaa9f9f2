/* An unsigned value compared with zero. */

typedef unsigned int u32;

int fx_read(struct fx_dev *dev)
{
	unsigned int val;

	val = fx_read_reg(dev, 4);
	if (val < 0)
		return -EIO;
	return val;
}

int fx_index(struct fx_dev *dev)
{
	size_t idx;

	idx = fx_find_slot(dev);
	if (idx >= 0)
		dev->slot = idx;
	return 0;
}

int fx_count(struct fx_dev *dev)
{
	u32 n;

	n = fx_get_count(dev);
	if (n <= 0)
		return -ENODATA;
	return n;
}

/* Near miss: a signed value. */
int fx_read_ok(struct fx_dev *dev)
{
	int val;

	val = fx_read_reg(dev, 4);
	if (val < 0)
		return val;
	return 0;
}
