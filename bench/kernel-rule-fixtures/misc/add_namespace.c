/*
 * add_namespace only adds MODULE_IMPORT_NS under -D nsdeps -D ns=NAME; its
 * report mode is an empty python rule, so nothing is ever reported here.
 */

static int __init fx_init(void)
{
	return fx_ns_register();
}
module_init(fx_init);

MODULE_LICENSE("GPL");
