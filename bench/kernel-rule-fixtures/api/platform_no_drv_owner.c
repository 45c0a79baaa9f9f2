/* .owner set in drivers whose registration sets it already. */

static int fx_probe(struct platform_device *pdev)
{
	return 0;
}

static struct platform_driver fx_driver = {
	.probe = fx_probe,
	.driver = {
		.name = "fx",
		.owner = THIS_MODULE,
	},
};
module_platform_driver(fx_driver);

static struct i2c_driver fx_i2c_driver = {
	.driver = {
		.name = "fx-i2c",
		.owner = THIS_MODULE,
	},
	.probe_new = fx_i2c_probe,
};

static int __init fx_i2c_init(void)
{
	return i2c_add_driver(&fx_i2c_driver);
}

/* Near miss: registered by hand with a module owner of its own. */
static struct platform_driver fx_other_driver = {
	.driver = {
		.name = "fx-other",
		.owner = THIS_MODULE,
	},
};

static int __init fx_other_init(void)
{
	return __platform_driver_register(&fx_other_driver, THIS_MODULE);
}
