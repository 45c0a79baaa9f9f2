// SPDX-License-Identifier: GPL-2.0
/*
 * Register layout and ops table of an invented bus device: bit-fields,
 * function-pointer members, designated initializers, arrays of structs.
 */
#include <linux/types.h>
#include <linux/io.h>
#include <linux/export.h>

#define WDG_CTRL_ENABLE		0x1
#define WDG_NR_BANKS		4

struct wdg_ctrl {
	unsigned int enable:1;
	unsigned int irq_mask:3;
	unsigned int :4;
	unsigned int mode:2;
	u32 reserved:22;
};

struct wdg_device;

struct wdg_ops {
	int (*probe)(struct wdg_device *wdev, void __iomem *regs);
	void (*remove)(struct wdg_device *wdev);
	u32 (*read)(struct wdg_device *wdev, unsigned int reg);
	void (*write)(struct wdg_device *wdev, unsigned int reg, u32 val);
	const char *(*name)(const struct wdg_device *wdev);
};

struct wdg_bank {
	const char *label;
	unsigned long base;
	size_t len;
	struct wdg_ctrl ctrl;
};

struct wdg_device {
	void __iomem *regs;
	const struct wdg_ops *ops;
	struct wdg_bank banks[WDG_NR_BANKS];
	spinlock_t lock;
	atomic_t users;
};

static u32 wdg_mmio_read(struct wdg_device *wdev, unsigned int reg)
{
	return readl(wdev->regs + reg);
}

static void wdg_mmio_write(struct wdg_device *wdev, unsigned int reg, u32 val)
{
	writel(val, wdev->regs + reg);
}

static const char *wdg_name(const struct wdg_device *wdev)
{
	return wdev->banks[0].label ? wdev->banks[0].label : "wdg";
}

static const struct wdg_ops wdg_mmio_ops = {
	.read	= wdg_mmio_read,
	.write	= wdg_mmio_write,
	.name	= wdg_name,
};

static struct wdg_bank wdg_default_banks[] = {
	{ .label = "ctrl",   .base = 0x000, .len = 0x40, .ctrl = { .enable = 1 } },
	{ .label = "fifo",   .base = 0x100, .len = 0x80 },
	[2] = { .label = "dma", .base = 0x200, .len = 0x100,
		.ctrl = { .enable = 1, .mode = 2, .irq_mask = 0x5 } },
	{ "spare", 0x400, 0x10, { 0 } },
};

static unsigned int wdg_default_mode __read_mostly = 1;

int wdg_setup_banks(struct wdg_device *wdev)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(wdg_default_banks) && i < WDG_NR_BANKS; i++) {
		wdev->banks[i] = wdg_default_banks[i];
		wdev->banks[i].ctrl.mode = wdg_default_mode;
	}
	wdev->ops = &wdg_mmio_ops;
	wdev->ops->write(wdev, 0, WDG_CTRL_ENABLE);
	return (int)i;
}
EXPORT_SYMBOL(wdg_setup_banks);

u32 wdg_read_bank(struct wdg_device *wdev, unsigned int bank, unsigned int reg)
{
	const struct wdg_bank *b = &wdev->banks[bank];

	if (unlikely(reg >= b->len))
		return ~0U;
	return wdev->ops->read(wdev, (unsigned int)b->base + reg);
}
EXPORT_SYMBOL_GPL(wdg_read_bank);
