/* do_div with a 64-bit divisor, which it truncates to 32 bits. */

u64 fx_per_tick(u64 total, unsigned long ticks)
{
	do_div(total, ticks);
	return total;
}

u64 fx_avg(struct fx_stats *st)
{
	u64 sum = st->sum;
	u64 n = st->count;

	do_div(sum, n);
	return sum;
}

s64 fx_scale(u64 val)
{
	long div = fx_get_div();

	do_div(val, div);
	return val;
}

/* Near misses: a 32-bit divisor, and a small constant. */
u64 fx_per_ms(u64 ns, u32 ms)
{
	do_div(ns, ms);
	do_div(ns, 1000UL);
	return ns;
}
