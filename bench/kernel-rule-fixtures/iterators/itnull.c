/* Testing a list iterator's cursor against NULL: it never is. */

int fx_sum(struct fx_priv *priv)
{
	struct fx_item *item;
	int sum = 0;

	list_for_each_entry(item, &priv->items, list) {
		if (item == NULL)
			continue;
		sum += item->val;
	}
	return sum;
}

void fx_flush(struct fx_priv *priv)
{
	struct fx_item *item;

	list_for_each_entry(item, &priv->items, list) {
		if (item != NULL && item->dirty)
			fx_write(item);
	}
}

/* Near miss: a field of the cursor may be NULL. */
void fx_flush_bufs(struct fx_priv *priv)
{
	struct fx_item *item;

	list_for_each_entry(item, &priv->items, list) {
		if (item->buf != NULL)
			fx_write(item);
	}
}
