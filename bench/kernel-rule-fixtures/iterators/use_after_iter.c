/* Using a list iterator's cursor after the loop ran to the end. */

int fx_last_id(struct fx_priv *priv)
{
	struct fx_item *item;

	list_for_each_entry(item, &priv->items, list)
		fx_touch(item);
	return item->id;
}

void fx_drain(struct fx_priv *priv)
{
	struct fx_item *item, *tmp;

	list_for_each_entry_safe(item, tmp, &priv->items, list) {
		list_del(&item->list);
		fx_put(item);
	}
	fx_log(item);
}

/* Near miss: the cursor is reassigned after the loop. */
int fx_first_id(struct fx_priv *priv)
{
	struct fx_item *item;

	list_for_each_entry(item, &priv->items, list)
		fx_touch(item);
	item = list_first_entry(&priv->items, struct fx_item, list);
	return item->id;
}
