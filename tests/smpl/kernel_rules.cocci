// SPDX-License-Identifier: GPL-2.0-only
/// Rename anon_vma's external_refcount to refcount, or report its users.
///
// Options: --no-includes --include-headers

virtual patch
virtual report

/* In patch mode, rewrite the member; the unlink helper loses its vma argument. */
@unlink depends on patch@
struct anon_vma *av;
struct vm_area_struct *vma;
@@
- av->external_refcount
+ av->refcount
...
- unlink_anon_vma(vma, av);
+ unlink_anon_vma(av);

@find depends on !patch && report@
struct anon_vma *av;
position p;
@@

* av->external_refcount@p



@script:python depends on report@
p << find.p;
av << find.av;
@@

coccilib.report.print_report(p[0], "external_refcount on %s" % av)
