/* Two BQ27XXX_DATA entries whose register tables are identical. */

static u8 fx_a_regs[] = {
	0x02, 0x04, 0x06,
};

static u8 fx_b_regs[] = {
	0x02, 0x04, 0x06,
};

static u8 fx_c_regs[] = {
	0x02, 0x08, 0x0a,
};

static struct bq27xxx_dm_reg fx_a_dm_regs[] = {
	{ 82, 2, 2, 0, 8000 },
};

static struct bq27xxx_dm_reg fx_c_dm_regs[] = {
	{ 82, 4, 2, 0, 8000 },
};

static enum power_supply_property fx_a_props[] = {
	POWER_SUPPLY_PROP_STATUS,
	POWER_SUPPLY_PROP_PRESENT,
};

static enum power_supply_property fx_b_props[] = {
	POWER_SUPPLY_PROP_STATUS,
	POWER_SUPPLY_PROP_PRESENT,
};

static struct bq27xxx_dm_reg fx_b_dm_regs[] = {
	{ 82, 2, 2, 0, 8000 },
};

static enum power_supply_property fx_c_props[] = {
	POWER_SUPPLY_PROP_CAPACITY,
};

static struct {
	u32 opts;
	u32 unseal_key;
	u8 *regs;
	struct bq27xxx_dm_reg *dm_regs;
	enum power_supply_property *props;
	size_t props_size;
} fx_chip_data[] = {
	[FX_A] = BQ27XXX_DATA(fx_a, 0x04143672, 0),
	[FX_B] = BQ27XXX_DATA(fx_b, 0x04143672, 0),
	[FX_C] = BQ27XXX_DATA(fx_c, 0, 0),
};
