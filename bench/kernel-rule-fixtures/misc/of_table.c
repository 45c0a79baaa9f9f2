/* Device id tables without a terminating empty entry. */

static const struct of_device_id fx_of_match[] = {
	{ .compatible = "fx,ctrl-v1" },
	{ .compatible = "fx,ctrl-v2", },
};

static const struct i2c_device_id fx_i2c_id[] = {
	{ "fx-sensor", 0 },
	{ "fx-sensor2", 1 },
};

static const struct platform_device_id fx_platform_ids[] = {
	{
		.name = "fx-pdev",
	},
};

/* Near miss: terminated. */
static const struct of_device_id fx_ok_match[] = {
	{ .compatible = "fx,ok" },
	{ }
};
