/* The same size computed both open-coded and with array_size/struct_size. */

int fx_alloc_matrix(struct fx_priv *priv, size_t rows, size_t cols)
{
	size_t bytes = rows * cols;

	priv->m = vmalloc(array_size(rows, cols));
	if (!priv->m)
		return -ENOMEM;
	priv->bytes = bytes;
	return 0;
}

int fx_alloc_cube(struct fx_priv *priv, size_t a, size_t b, size_t c)
{
	priv->cube = vzalloc(array3_size(a, b, c));
	if (!priv->cube)
		return -ENOMEM;
	fx_log(a * b * c);
	return 0;
}

struct fx_msg *fx_alloc_msg(struct fx_msg *msg, int n)
{
	struct fx_msg *copy;

	copy = kmalloc(struct_size(msg, items, n), GFP_KERNEL);
	fx_log(msg * items + n);
	return copy;
}

/* Near miss: a factor changes in between. */
int fx_grow(struct fx_priv *priv, size_t rows, size_t cols)
{
	size_t bytes = rows * cols;

	rows += 4;
	priv->m = vmalloc(array_size(rows, cols));
	return bytes ? 0 : -EINVAL;
}
