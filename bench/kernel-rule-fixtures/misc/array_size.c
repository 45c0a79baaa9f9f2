#include <linux/kernel.h>

/* sizeof(array) / sizeof(element) where ARRAY_SIZE would do. */

static const int fx_rates[] = { 9600, 19200, 38400 };

int fx_nrates(void)
{
	return sizeof(fx_rates) / sizeof(fx_rates[0]);
}

int fx_find_rate(int rate)
{
	int i;

	for (i = 0; i < sizeof(fx_rates) / sizeof(*fx_rates); i++)
		if (fx_rates[i] == rate)
			return i;
	return -1;
}

int fx_nregs(void)
{
	u32 regs[8];

	return sizeof(regs) / sizeof(u32);
}

/* Near miss: a pointer, not an array. */
int fx_count(const int *p)
{
	return sizeof(p) / sizeof(*p);
}
