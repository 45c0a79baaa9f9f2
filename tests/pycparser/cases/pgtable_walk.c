// SPDX-License-Identifier: GPL-2.0
/*
 * A page-table walker: typedef'd entry types from the headers, function
 * pointer typedefs and tables, pointer arithmetic, shifts and masks.
 */
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/highmem.h>

#define WALK_PMD_SHIFT		21
#define WALK_PTRS_PER_PTE	512

typedef int (*pte_visit_fn)(pte_t *pte, unsigned long addr, void *priv);

struct walk_ops {
	pte_visit_fn pte_entry;
	int (*pmd_entry)(pmd_t *pmd, unsigned long addr, unsigned long next,
			 void *priv);
	void (*hole)(unsigned long start, unsigned long end, void *priv);
};

struct walk_stats {
	unsigned long present;
	unsigned long young;
	unsigned long holes;
};

static int count_pte(pte_t *pte, unsigned long addr, void *priv)
{
	struct walk_stats *st = priv;

	if (!pte_present(*pte))
		return 0;
	st->present++;
	st->young += pte_young(*pte) ? 1 : 0;
	return 0;
}

static void count_hole(unsigned long start, unsigned long end, void *priv)
{
	((struct walk_stats *)priv)->holes += (end - start) >> PAGE_SHIFT;
}

static const struct walk_ops count_ops = {
	.pte_entry	= count_pte,
	.hole		= count_hole,
};

static pte_visit_fn const extra_visitors[] = { count_pte, NULL };

static int walk_pte_range(pmd_t *pmd, unsigned long addr, unsigned long end,
			  const struct walk_ops *ops, void *priv)
{
	pte_t *start_pte, *pte;
	int err = 0;

	start_pte = pte = pte_offset_map(pmd, addr);
	for (; addr < end; addr += PAGE_SIZE, pte++) {
		err = ops->pte_entry(pte, addr, priv);
		if (err)
			break;
	}
	pte_unmap(start_pte);
	return err;
}

int walk_range(struct mm_struct *mm, unsigned long start, unsigned long end,
	       void *priv)
{
	const struct walk_ops *ops = &count_ops;
	unsigned long addr = start, next;
	pgd_t *pgd = pgd_offset(mm, addr);
	pmd_t *pmd;
	int err = 0;

	do {
		next = (addr + (1UL << WALK_PMD_SHIFT)) & ~((1UL << WALK_PMD_SHIFT) - 1);
		next = next < end ? next : end;
		pmd = pmd_offset((pud_t *)pgd, addr);
		if (pmd_none(*pmd)) {
			if (ops->hole)
				ops->hole(addr, next, priv);
			continue;
		}
		err = ops->pmd_entry ? ops->pmd_entry(pmd, addr, next, priv)
				     : walk_pte_range(pmd, addr, next, ops, priv);
	} while (!err && (addr = next) != end);

	if (!err && extra_visitors[0])
		err = extra_visitors[0]((pte_t *)pmd, start, priv);
	return err;
}

unsigned long walk_mask(gfp_t gfp, unsigned int order)
{
	unsigned long mask = (unsigned long)gfp << order;

	mask |= (unsigned long)sizeof(pte_t) * WALK_PTRS_PER_PTE;
	mask &= ~(unsigned long)(PAGE_SIZE - 1);
	return mask;
}
