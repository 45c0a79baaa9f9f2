/* An explicit of_node_put of the cursor, which the iterator puts itself. */

int fx_count_ports(struct device_node *parent)
{
	struct device_node *child;
	int n = 0;

	for_each_child_of_node(parent, child) {
		if (of_device_is_available(child))
			n++;
		of_node_put(child);
	}
	return n;
}

void fx_scan(void)
{
	struct device_node *np;

	for_each_compatible_node(np, NULL, "fx,ctrl") {
		fx_setup_node(np);
		of_node_put(np);
	}
}

/* Near miss: the extra reference is taken first. */
void fx_scan_get(void)
{
	struct device_node *np;

	for_each_node_by_name(np, "fx") {
		of_node_get(np);
		fx_keep(np);
		of_node_put(np);
	}
}
