/* An allocation not followed by a NULL test, when a later call is tested. */

int fx_setup(struct fx_priv *priv)
{
	struct fx_ring *ring;
	char *name;

	ring = kzalloc(sizeof(*ring), GFP_KERNEL);
	ring->size = 16;
	name = kstrdup(priv->name, GFP_KERNEL);
	if (!name)
		return -ENOMEM;
	priv->ring = ring;
	return 0;
}

int fx_setup_array(struct fx_priv *priv, int n)
{
	priv->slots = kcalloc(n, sizeof(int), GFP_KERNEL);
	priv->map = fx_map_alloc(n);
	if (!priv->map)
		return -ENOMEM;
	return 0;
}

/* Near miss: the allocation is tested. */
int fx_setup_ok(struct fx_priv *priv)
{
	struct fx_ring *ring;
	char *name;

	ring = kzalloc(sizeof(*ring), GFP_KERNEL);
	if (ring == NULL)
		return -ENOMEM;
	name = kstrdup(priv->name, GFP_KERNEL);
	if (!name)
		return -ENOMEM;
	return 0;
}
