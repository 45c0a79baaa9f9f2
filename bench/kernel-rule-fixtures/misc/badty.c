/* sizeof of the wrong type when allocating an array of pointers. */

int fx_alloc_slots(struct fx_priv *priv, int n)
{
	struct fx_slot **slots;

	slots = kcalloc(n, sizeof(struct fx_slot), GFP_KERNEL);
	if (!slots)
		return -ENOMEM;
	priv->slots = slots;
	return 0;
}

char **fx_alloc_names(int n)
{
	char **names;

	names = kmalloc(n * sizeof(char), GFP_KERNEL);
	return names;
}

/* Near miss: sizeof of the pointer type. */
int fx_alloc_slots_ok(struct fx_priv *priv, int n)
{
	struct fx_slot **slots;

	slots = kcalloc(n, sizeof(*slots), GFP_KERNEL);
	if (!slots)
		return -ENOMEM;
	priv->slots = slots;
	return 0;
}
