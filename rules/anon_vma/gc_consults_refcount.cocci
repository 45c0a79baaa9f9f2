/// Every garbage-collection check of a struct anon_vma must also consult its explicit counts.
///
/// An anon_vma stays alive while a VMA is on its ->head list (the implicit reference) and
/// while someone holds one of its explicit counts (the atomic_t, refcount_t or struct kref
/// members of struct anon_vma: ksm_refcount and migrate_refcount in 2010, then
/// external_refcount, then refcount). A list_empty(&X->head) whose result leads to freeing X
/// (anon_vma_free, kfree, kmem_cache_free) frees memory that KSM or migration still holds
/// unless the same function also consults every explicit count: through atomic_read,
/// atomic_dec_and_test, atomic_dec_and_lock, refcount_*, kref_* on &X->member, or through a
/// helper whose body does (ksm_refcount(anon_vma)). That was the bug found in review in 2010:
/// migration's drop path checked ->head and its own count, and ignored KSM's.
///
/// Run it with the header that defines struct anon_vma among the files (or under -I):
///   refactor check rules/anon_vma/gc_consults_refcount.cocci mm include/linux/rmap.h
///   spatch -D report --include-headers --sp-file rules/anon_vma/gc_consults_refcount.cocci --dir .
///
/// Each finding names the function, the line of the free and the counts it did not consult.
//
// Confidence: High
// Options: --include-headers

virtual report

// What the files tell, gathered file by file, judged once all are read (finalize):
// the explicit counts, the helpers that read one, what each function consults, the GC sites.
@initialize:python@
@@
counters = set()
helpers = {}
consulted = {}
sites = []
calls = []

// The explicit counts: members of struct anon_vma of a counting type.
@counter depends on report@
type T;
identifier c;
@@
struct anon_vma {
  ...
  T c;
  ...
};

@script:python depends on report@
c << counter.c;
t << counter.T;
@@
if t in ("atomic_t", "refcount_t", "struct kref"):
    counters.add(c)

// Helpers that consult a count of the anon_vma they are given (ksm_refcount()).
@helper depends on report@
identifier h, a, c;
identifier f =~ "^(atomic_read|atomic_dec_and_test|atomic_dec_and_lock|atomic_sub_and_test|atomic_dec_return|refcount_read|refcount_dec_and_test|refcount_dec_and_lock|refcount_dec_and_mutex_lock|kref_read|kref_put|kref_put_lock|kref_put_mutex)$";
@@
h(..., struct anon_vma *a, ...) {
  <+... f(&a->c, ...) ...+>
}

@script:python depends on report@
h << helper.h;
c << helper.c;
@@
helpers.setdefault(h, set()).add(c)

// A count consulted directly: atomic_dec_and_lock(&anon_vma->migrate_refcount, ...).
@consult depends on report@
expression X;
identifier c;
identifier f =~ "^(atomic_read|atomic_dec_and_test|atomic_dec_and_lock|atomic_sub_and_test|atomic_dec_return|refcount_read|refcount_dec_and_test|refcount_dec_and_lock|refcount_dec_and_mutex_lock|kref_read|kref_put|kref_put_lock|kref_put_mutex)$";
position p;
@@
f@p(&X->c, ...)

@script:python depends on report@
c << consult.c;
p << consult.p;
@@
consulted.setdefault((p[0].file, p[0].current_element), set()).add(c)

// Calls that may be helpers; resolved once every helper is known.
@call depends on report@
identifier h;
expression X;
position p;
@@
h@p(X)

@script:python depends on report@
h << call.h;
p << call.p;
@@
calls.append(((p[0].file, p[0].current_element), h))

// The GC checks: list_empty(&X->head), then, on some path, the free of X.
@gc depends on report exists@
struct anon_vma *X;
position pc, pf;
@@
list_empty@pc(&X->head)
...
(
anon_vma_free@pf(X)
|
kfree@pf(X)
|
kmem_cache_free@pf(..., X)
)

@script:python depends on report@
pc << gc.pc;
pf << gc.pf;
x << gc.X;
@@
sites.append((pc[0], pf[0], x))

// A GC check is enough only if its function consults every count.
@finalize:python@
@@
for key, h in calls:
    consulted.setdefault(key, set()).update(helpers.get(h, ()))
for check, free, x in sites:
    seen = consulted.get((check.file, check.current_element), set())
    missing = sorted(counters - seen)
    if missing:
        coccilib.report.print_report(free, "%s() frees %s at line %s when its list is empty without consulting %s" % (free.current_element, x, free.line, ", ".join(missing)))
