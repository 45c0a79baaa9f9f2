/* Open-coded kstrdup. */

char *fx_copy_name(const char *name)
{
	char *copy;

	copy = kmalloc(strlen(name) + 1, GFP_KERNEL);
	if (copy == NULL)
		return NULL;
	strcpy(copy, name);
	return copy;
}

int fx_set_label(struct fx_priv *priv, const char *label)
{
	size_t len;

	len = strlen(label) + 1;
	priv->label = kzalloc(len, GFP_KERNEL);
	if (!priv->label)
		return -ENOMEM;
	memcpy(priv->label, label, len);
	return 0;
}

/* Near miss: a bounded copy of another length. */
char *fx_copy_prefix(const char *name, size_t n)
{
	char *copy;

	copy = kmalloc(n + 1, GFP_KERNEL);
	if (!copy)
		return NULL;
	strscpy(copy, name, n + 1);
	return copy;
}
