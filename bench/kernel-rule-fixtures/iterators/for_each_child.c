/* Leaving a child-node iterator without of_node_put. */

struct device_node *fx_find_port(struct device_node *parent, int id)
{
	struct device_node *child;

	for_each_child_of_node(parent, child) {
		if (fx_port_id(child) == id)
			return child;
		if (fx_port_id(child) < 0)
			return NULL;
	}
	return NULL;
}

int fx_first_enabled(struct device_node *parent)
{
	struct device_node *np;
	int ret = -ENODEV;

	for_each_available_child_of_node(parent, np) {
		if (fx_enabled(np))
			break;
	}
	return ret;
}

int fx_parse(struct device_node *parent)
{
	struct device_node *np;
	int ret;

	for_each_child_of_node(parent, np) {
		ret = fx_parse_one(np);
		if (ret)
			goto err;
	}
	return 0;
err:
	return ret;
}

/* Near miss: the node is put before returning. */
int fx_check_all(struct device_node *parent)
{
	struct device_node *child;

	for_each_child_of_node(parent, child) {
		if (fx_port_id(child) < 0) {
			of_node_put(child);
			return -EINVAL;
		}
	}
	return 0;
}
