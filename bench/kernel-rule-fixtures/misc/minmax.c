/* Open-coded min() and max(). */

int fx_clamp_len(struct fx_priv *priv, int len)
{
	return len > priv->max_len ? len : priv->max_len;
}

size_t fx_copy_len(size_t avail, size_t want)
{
	return (avail < want) ? avail : want;
}

void fx_pick(struct fx_dev *dev, int a, int b)
{
	if (a >= b) {
		dev->val = a;
	} else {
		dev->val = b;
	}
}

/* Near miss: the branches are swapped (that is min with >, not max). */
int fx_other(int a, int b)
{
	return a > b ? b + 1 : a;
}
