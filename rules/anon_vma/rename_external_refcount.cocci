// Rename struct anon_vma's external_refcount to refcount, and its helpers
// anonvma_external_refcount_init() / anonvma_external_refcount() to
// anonvma_refcount_init() / anonvma_refcount(): the declaration, every access through an
// expression of type struct anon_vma or struct anon_vma *, and the helpers' definitions
// (the #else stubs too), prototypes, calls and uses as values. Another struct's member of the
// same name, comments and strings are left alone.
//
// Right only once every place that frees an anon_vma because its list is empty also consults
// the explicit count: `refactor apply` runs the check first and writes nothing if it reports.
// Precondition: gc_consults_refcount.cocci

@member_declaration@
@@
struct anon_vma {
  ...
- atomic_t external_refcount;
+ atomic_t refcount;
  ...
};

@pointer_access@
struct anon_vma *av;
@@
- av->external_refcount
+ av->refcount

@value_access@
struct anon_vma av;
@@
- av.external_refcount
+ av.refcount

@init_definition@
type T;
@@
T
- anonvma_external_refcount_init
+ anonvma_refcount_init
  (...) { ... }

@count_definition@
type T;
@@
T
- anonvma_external_refcount
+ anonvma_refcount
  (...) { ... }

@init_prototype@
type T;
@@
T
- anonvma_external_refcount_init
+ anonvma_refcount_init
  (...);

@count_prototype@
type T;
@@
T
- anonvma_external_refcount
+ anonvma_refcount
  (...);

@init_use@
@@
- anonvma_external_refcount_init
+ anonvma_refcount_init

@count_use@
@@
- anonvma_external_refcount
+ anonvma_refcount
