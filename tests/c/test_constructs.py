"""Every construct the kernel writes parses, and lands in the tree as the node a reader expects."""
from __future__ import annotations

import pytest

from conftest import node_kinds, nodes_of, parse_ok, token_kinds

# (name, code, a node kind the tree must contain)
CONSTRUCTS = [
    ("c11 declarations", "static const unsigned long long x = 1, *y, z[4][2];", "init_declarator"),
    ("function pointer", "int (*handler)(int, void *) = NULL;", "paren_declarator"),
    ("array of function pointers", "static void (*const ops[3])(void);", "array_suffix"),
    ("bit-fields", "struct flags { unsigned int a : 1, b : 3; int : 0; };", "member_declarator"),
    ("zero-length array", "struct buf { int len; char data[0]; };", "array_suffix"),
    ("flexible array", "struct buf { int len; char data[]; };", "array_suffix"),
    ("anonymous union", "struct s { union { int a; long b; }; };", "struct_or_union_specifier"),
    ("enum with values", "enum state { IDLE = 0, BUSY = 1 << 2, DONE, };", "enumerator"),
    ("designated initializers", "static struct file_operations fops = {\n\t.open = foo_open,\n\t.read = foo_read,\n};", "designator"),
    ("array range designator", "static int map[16] = { [0 ... 3] = 1, [4] = 2 };", "designator"),
    ("nested designators", "struct a x = { .b.c = 1, .d[2] = 3 };", "designation"),
    ("old GNU designator", "struct a x = { b: 1, c: 2 };", "designation"),
    ("compound literal", "void f(void) { g((struct point){ .x = 1, .y = 2 }); }", "compound_literal"),
    ("statement expression", "int f(int a) { return ({ int __x = a; __x * 2; }); }", "statement_expression"),
    ("typeof", "void f(int a) { typeof(a) b = a; __typeof__(int *) p; }", "typeof_specifier"),
    ("attribute packed", "struct s { int a; } __attribute__((packed, aligned(4)));", "attribute"),
    ("attribute on function", "void die(void) __attribute__((noreturn));", "attribute"),
    ("attribute on parameter", "int f(int a __attribute__((unused)));", "attribute"),
    ("attribute before declaration", "__attribute__((weak)) int g(void) { return 0; }", "attribute"),
    ("asm basic", "void f(void) { asm(\"nop\"); }", "asm_statement"),
    ("asm volatile operands", 'void f(int x) { asm volatile("mov %1, %0" : "=r" (x) : "r" (x) : "memory", "cc"); }', "asm_operands"),
    ("asm named operands", 'void f(int x) { asm("add %[v], %[v]" : [v] "+r" (x)); }', "asm_operand"),
    ("asm goto", 'int f(void) { asm goto("jmp %l0" : : : : out); return 0; out: return 1; }', "asm_goto_labels"),
    ("asm register variable", 'void f(void) { register unsigned long sp asm("sp"); }', "asm_label"),
    ("top-level asm", 'asm(".globl foo");', "asm_statement"),
    ("case ranges", "int f(int c) { switch (c) { case 'a' ... 'z': return 1; case 0: default: return 0; } }", "label"),
    ("elvis operator", "int f(int a, int b) { return a ? : b; }", "conditional"),
    ("labels as values", "void f(void) { void *p = &&out; goto *p; out: ; }", "label_address"),
    ("local labels", "void f(void) { __label__ again; again: ; }", "local_label_declaration"),
    ("__extension__", "__extension__ typedef long long s64x; int f(void) { return __extension__ ({ 1; }); }", "extension"),
    ("builtin offsetof", "int x = __builtin_offsetof(struct foo, bar.baz[2]);", "builtin_offsetof"),
    ("offsetof macro with type", "int x = offsetof(struct foo, bar);", "type_name"),
    ("types_compatible_p", "int x = __builtin_types_compatible_p(typeof(a), int);", "type_name"),
    ("builtin va_arg", "int f(va_list ap) { return __builtin_va_arg(ap, int); }", "builtin_va_arg"),
    ("_Generic", "int x = _Generic(a, int: 1, default: 0);", "generic_selection"),
    ("_Static_assert", "_Static_assert(sizeof(int) == 4, \"int\");", "static_assert"),
    ("sizeof forms", "int f(struct s *p) { return sizeof(*p) + sizeof(struct s) + sizeof p; }", "sizeof_type"),
    ("casts", "void *f(long a) { return (void *)(unsigned long)(char)a; }", "cast"),
    ("comma and assignment", "void f(int a, int b) { a += 1, b <<= 2; }", "comma_expression"),
    ("do while zero", "void f(void) { do { g(); } while (0); }", "do_statement"),
    ("for with declaration", "void f(void) { for (int i = 0; i < 10; i++) g(i); }", "for_statement"),
    ("goto error path", "int f(void) { if (g()) goto out; return 0; out:\n\treturn -1; }", "goto_statement"),
    ("dangling else", "void f(int a, int b) { if (a) if (b) g(); else h(); }", "if_statement"),
    ("nested functions", "void f(void) { int g(int x) { return x; } g(1); }", "function_definition"),
    ("K&R-free prototypes", "int printk(const char *fmt, ...);", "ellipsis"),
    ("abstract declarators", "void f(int (*)(int), char *[], void (*[4])(void));", "parameter_declaration"),
    ("jump as macro argument", 'int f(int a) { PP_ASSERT_WITH_CODE(a > 0, "bad", return -EINVAL); return 0; }', "jump_argument"),
    ("label on a branch body", "void f(int r) {\n\tif (!r)\n disable:\n\t\tg();\n\tgoto disable;\n}", "labeled_statement"),
    ("string concatenation", 'const char *s = "a" "b"\n\t"c";', "string_seq"),
]


@pytest.mark.parametrize("name,code,kind", CONSTRUCTS, ids=[c[0] for c in CONSTRUCTS])
def test_construct_parses(name: str, code: str, kind: str) -> None:
    assert kind in node_kinds(parse_ok(code)), f"{name}: no {kind} node"


KERNEL_IDIOMS = [
    ("iterator with braces", "void f(struct list_head *h) {\n\tlist_for_each_entry(pos, h, list) {\n\t\tg(pos);\n\t}\n}", "list_for_each_entry", "ITERATOR"),
    ("iterator without braces", "void f(struct list_head *h) {\n\tlist_for_each_entry(pos, h, list)\n\t\tg(pos);\n}", "list_for_each_entry", "ITERATOR"),
    ("iterator with unknown name", "void f(void) {\n\tfoo_walk(a, b) {\n\t\tg(a);\n\t}\n}", "foo_walk", "ITERATOR"),
    ("__init", "static int __init foo_init(void) { return 0; }", "__init", "ATTR"),
    ("__user", "long f(char __user *buf, size_t n);", "__user", "ATTR"),
    ("__rcu", "struct s { struct s __rcu *next; };", "__rcu", "ATTR"),
    ("__iomem", "void f(void __iomem *regs) { }", "__iomem", "ATTR"),
    ("__percpu", "static int __percpu *counts;", "__percpu", "ATTR"),
    ("__must_check", "int __must_check f(void);", "__must_check", "ATTR"),
    ("__always_inline", "static __always_inline int f(void) { return 1; }", "__always_inline", "ATTR"),
    ("noinline", "static noinline void f(void) { }", "noinline", "ATTR"),
    ("__cold", "void __cold f(void);", "__cold", "ATTR"),
    ("__maybe_unused", "static int __maybe_unused x;", "__maybe_unused", "ATTR"),
    ("__printf", "__printf(1, 2) int log(const char *fmt, ...);", "__printf", "ATTR_FN"),
    ("__aligned", "struct s { u64 a; } __aligned(8);", "__aligned", "ATTR_FN"),
    ("__section", 'static int x __section(".data.once");', "__section", "ATTR_FN"),
    ("__cacheline_aligned_in_smp", "struct s { int a; } ____cacheline_aligned_in_smp;", "____cacheline_aligned_in_smp", "ATTR"),
    ("unknown __attribute-like word", "static int __foo_section bar;", "__foo_section", "ATTR"),
    ("__acquires", "void lock(struct s *p) __acquires(&p->lock);", "__acquires", "ATTR_FN"),
    ("EXPORT_SYMBOL", "int f(void) { return 0; }\nEXPORT_SYMBOL(f);", "EXPORT_SYMBOL", "DECL_MACRO"),
    ("DEFINE_MUTEX", "static DEFINE_MUTEX(m);", "DEFINE_MUTEX", "DECL_MACRO"),
    ("LIST_HEAD", "static LIST_HEAD(pending);", "LIST_HEAD", "DECL_MACRO"),
    ("module_init", "module_init(foo_init);", "module_init", "DECL_MACRO"),
    ("module_init without semicolon", "module_init(foo_init)\nmodule_exit(foo_exit)", "module_exit", "DECL_MACRO"),
    ("SYSCALL_DEFINE3", "SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)\n{\n\treturn ksys_read(fd, buf, count);\n}", "SYSCALL_DEFINE3", "DECL_MACRO"),
    ("DEFINE_PER_CPU", "DEFINE_PER_CPU(struct rq, runqueues);", "DEFINE_PER_CPU", "DECL_MACRO"),
    ("__setup", '__setup("nosmp", nosmp);', "__setup", "DECL_MACRO"),
    ("macro in struct body", "struct s { DECLARE_BITMAP(mask, 64); int x; };", "DECLARE_BITMAP", "DECL_MACRO"),
    ("static macro in function", "void f(void) { static DEFINE_SPINLOCK(lock); g(&lock); }", "DEFINE_SPINLOCK", "DECL_MACRO"),
    ("statement macro without semicolon", "void f(void)\n{\n\tFOO_STMT(a)\n\tg();\n}", "FOO_STMT", "MACRO_STMT"),
    ("debug macro holding statements", "void f(int d)\n{\n\tIF_ABR(printk(\"%d\", d);)\n\t*(u16 *)(p + d) = 0;\n}", "IF_ABR", "MACRO_STMT"),
    ("debug macro before a return", "int f(int d)\n{\n\tif (d) {\n\t\tIF_CBR(printk(\"no\");)\n\t\treturn -EBUSY;\n\t}\n\tIF_RX(g();\n\t      h();)\n\n\tIF_TX(k();)\n\treturn 0;\n}", "IF_TX", "MACRO_STMT"),
    ("KERN_INFO string", 'void f(void) { printk(KERN_INFO "hello %d\\n", 1); }', "KERN_INFO", "STRING_MACRO"),
    ("string then macro", 'void f(u64 v) { printk("%" PRIu64 "\\n", v); }', "PRIu64", "STRING_MACRO"),
    ("undeclared typedef pointer", "void f(void) { pte_t *pte; pmd_t pmd = *p; }", "pte_t", "TYPEDEF_NAME"),
    ("u32 local", "void f(void) { u32 x = 0; }", "u32", "TYPEDEF_NAME"),
    ("typedef from the file", "typedef struct foo foo;\nvoid f(void) { foo *p; }", "foo", "TYPEDEF_NAME"),
    ("unknown type by position", "void f(void) { my_type x; }", "my_type", "TYPEDEF_NAME"),
    ("unknown type pointer declaration", "void f(void) { my_type *x = NULL; }", "my_type", "TYPEDEF_NAME"),
    ("unknown type in cast", "void f(void) { g((my_type)x); }", "my_type", "TYPEDEF_NAME"),
    ("unknown type pointer cast", "void f(void) { g((my_type *)x); }", "my_type", "TYPEDEF_NAME"),
    ("unknown type parameter", "int f(my_type *a, my_type b);", "my_type", "TYPEDEF_NAME"),
    ("unknown return type", "static my_type f(void) { }", "my_type", "TYPEDEF_NAME"),
]


@pytest.mark.parametrize("name,code,word,kind", KERNEL_IDIOMS, ids=[c[0] for c in KERNEL_IDIOMS])
def test_kernel_idiom(name: str, code: str, word: str, kind: str) -> None:
    assert token_kinds(parse_ok(code))[word] == kind


def test_multiplication_is_not_a_declaration() -> None:
    parsed = parse_ok("void f(int a, int b) { g(a * b); x = a * b; }")
    assert token_kinds(parsed)["a"] == "IDENT"


def test_if_condition_is_not_a_cast() -> None:
    parsed = parse_ok("void f(void) { if (folio)\n\t\tpage = g(folio); }")
    assert token_kinds(parsed)["folio"] == "IDENT"


def test_variable_with_type_like_name() -> None:
    parsed = parse_ok("void f(struct t *t) { struct t *u, *next_t; ref_t = next_t->x; }")
    assert token_kinds(parsed)["ref_t"] == "IDENT"


def test_binary_precedence_tree() -> None:
    parsed = parse_ok("int x = a + b * c - d << 2 == e && f | g;")
    binaries = nodes_of(parsed, "binary")
    assert binaries[0] == "a + b * c - d << 2 == e && f | g"  # && is the root
    assert "b * c" in binaries and "a + b * c" in binaries and "f | g" in binaries


def test_member_chains_and_calls() -> None:
    parsed = parse_ok("void f(void) { avc->anon_vma->root->refcount.counter++; g(a)(b)[c]; }")
    assert "avc->anon_vma->root" in nodes_of(parsed, "member")
    assert nodes_of(parsed, "post_increment") == ["avc->anon_vma->root->refcount.counter++"]


TRACE_EVENT = """TRACE_EVENT(anon_vma_unlink,
	TP_PROTO(struct anon_vma *anon_vma, bool empty),
	TP_ARGS(anon_vma, empty),
	TP_STRUCT__entry(
		__field(	void *,		anon_vma	)
		__array(	char,		comm,	16	)
		__field(	bool,		empty		)
	),
	TP_fast_assign(
		struct task_struct *task = current;
		__entry->anon_vma = anon_vma;
		memcpy(__entry->comm, task->comm, 16);
		__entry->empty = empty;
	),
	TP_printk("anon_vma=%p empty=%d", __entry->anon_vma, __entry->empty)
);
"""


def test_trace_event_macro_arguments() -> None:
    parsed = parse_ok(TRACE_EVENT)
    assert token_kinds(parsed)["TRACE_EVENT"] == "DECL_MACRO"
    assert token_kinds(parsed)["__field"] == token_kinds(parsed)["__array"] == "MACRO_STMT"
    assert len(nodes_of(parsed, "macro_statements")) == 2
    assert "anon_vma, bool empty" not in nodes_of(parsed, "macro_parameter")
    assert "bool empty" in nodes_of(parsed, "macro_parameter")


def test_designated_and_braced_macro_arguments() -> None:
    parsed = parse_ok("void f(void) { LIBBPF_OPTS(bpf_test_run_opts, topts, .data_in = &pkt, .repeat = 1); G(x, { 1, 2 }); }")
    assert nodes_of(parsed, "designated_argument") == [".data_in = &pkt", ".repeat = 1"]
    assert nodes_of(parsed, "initializer_list") == ["{ 1, 2 }"]


def test_cast_then_call_is_not_a_macro_sequence() -> None:
    parsed = parse_ok("void f(void) { x = h((int)g(y), z); }")
    assert token_kinds(parsed)["g"] == "IDENT"


def test_do_loop_closed_by_a_macro() -> None:
    # kernel/exit.c: `do { ... } while_each_thread(current, tsk);` (spatch parses it as a loop)
    code = (
        "int f(struct task_struct *tsk)\n{\n\tdo {\n\t\tif (g(tsk))\n\t\t\treturn 1;\n"
        "\t} while_each_thread(current, tsk);\n\treturn 0;\n}\n"
    )
    parsed = parse_ok(code)
    assert parsed.definitions[0].configuration == "all"
    assert len(nodes_of(parsed, "do_statement")) == 1
