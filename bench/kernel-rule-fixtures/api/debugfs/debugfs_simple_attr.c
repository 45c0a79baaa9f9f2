/* DEFINE_SIMPLE_ATTRIBUTE for a debugfs file. */

static int fx_level_get(void *data, u64 *val)
{
	*val = ((struct fx_priv *)data)->level;
	return 0;
}

static int fx_level_set(void *data, u64 val)
{
	((struct fx_priv *)data)->level = val;
	return 0;
}

DEFINE_SIMPLE_ATTRIBUTE(fx_level_fops, fx_level_get, fx_level_set, "%llu\n");
DEFINE_SIMPLE_ATTRIBUTE(fx_count_fops, fx_count_get, NULL, "%llu\n");
DEFINE_SIMPLE_ATTRIBUTE(fx_other_fops, fx_count_get, NULL, "%llu\n");

void fx_debugfs_init(struct fx_priv *priv)
{
	debugfs_create_file("level", 0600, priv->dir, priv, &fx_level_fops);
	debugfs_create_file("count", 0400, priv->dir, priv, &fx_count_fops);
}

/* Near miss: fx_other_fops is not a debugfs file. */
void fx_proc_init(struct fx_priv *priv)
{
	proc_create_data("fx", 0400, NULL, &fx_other_fops, priv);
}
