/* Reassigning list_for_each_entry's cursor inside the loop. */

void fx_skip(struct fx_priv *priv)
{
	struct fx_item *item;

	list_for_each_entry(item, &priv->items, list) {
		if (item->skip)
			item = list_next_entry(item, list);
		fx_handle(item);
	}
}

void fx_restart(struct fx_priv *priv)
{
	struct fx_item *pos;

	list_for_each_entry(pos, &priv->items, list) {
		fx_handle(pos);
		pos = priv->first;
	}
}

/* Near miss: reassigned on the way out of the loop. */
struct fx_item *fx_find(struct fx_priv *priv, int id)
{
	struct fx_item *item, *found = NULL;

	list_for_each_entry(item, &priv->items, list) {
		if (item->id == id) {
			found = item;
			item = NULL;
			break;
		}
	}
	return found;
}
