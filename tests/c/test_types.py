"""Types of C expressions: declarations read into type strings, scopes per block, the symbol
index of a file and its headers, and the inference over expressions."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FIXTURES
from refactor import parse_c
from refactor.c.declarations import declared
from refactor.c.headers import facts_of_parsed
from refactor.c.scopes import Scope
from refactor.c.symbols import Facts, Include, Layer, SymbolIndex, includes_in
from refactor.c.tree import CNode
from refactor.c.types import explain_unknown, fits, normalize, type_of

TYPES = FIXTURES / "types"
HERE = "/*@*/"  # marks the end of the expression a test asks about


def declared_types(code: str) -> dict[str, str | None]:
    parsed = parse_c(code)
    out = {}
    for definition in parsed.definitions:
        for node in definition.tree.nodes():
            if node.kind in ("declaration", "member_declaration"):
                out.update((d.name, d.type) for d in declared(node, parsed.source.text))
    return out


@pytest.mark.parametrize("declaration, name, expected", [
    ("int *a[3];", "a", "int * []"),  # an array of pointers (no pointer itself, as spatch types it)
    ("int (*pa)[4];", "pa", "int [] *"),  # a pointer to an array
    ("int (*fp)(int);", "fp", "int () *"),  # a pointer to a function
    ("int *(*fq)(void);", "fq", "int * () *"),
    ("struct page *alloc_page(int order);", "alloc_page", "struct page * ()"),
    ("long unsigned int x;", "x", "unsigned long"),
    ("unsigned y;", "y", "unsigned int"),
    ("signed short s;", "s", "short"),
    ("signed char c;", "c", "signed char"),
    ("long long int ll;", "ll", "long long"),
    ("const struct page *const volatile p;", "p", "struct page *"),
    ("static __always_inline pte_t *ptep;", "ptep", "pte_t *"),
    ("_Atomic(int) ai;", "ai", "int"),
    ("typeof(struct page *) tp;", "tp", "struct page *"),
])
def test_declarations_give_type_strings(declaration: str, name: str, expected: str) -> None:
    assert declared_types(declaration)[name] == expected


def test_an_anonymous_struct_is_named_by_its_text() -> None:
    first = declared_types("struct { int a; } one;")["one"]
    again = declared_types("static struct { int a; } two;")["two"]
    other = declared_types("struct { long b; } three;")["three"]
    assert first.startswith("struct <anonymous ") and first == again and first != other


def test_typeof_of_an_expression_is_left_to_the_scope() -> None:
    parsed = parse_c("void f(int *p)\n{\n\ttypeof(p) q;\n}\n")
    node = next(parsed.definitions[0].tree.nodes("declaration"))
    (d,) = declared(node, parsed.source.text)
    assert d.type is None and d.base_expression is not None


def test_normalize_spells_rule_types_like_declarations() -> None:
    assert normalize("long  unsigned int*") == "unsigned long *"
    assert normalize("struct anon_vma*") == "struct anon_vma *"
    assert normalize("const char * *") == "char * *"


# ---------------------------------------------------------------------------- facts and index


def facts(code: str) -> Facts:
    return facts_of_parsed(parse_c(code, "h.h"))


def test_facts_of_a_header() -> None:
    header = (TYPES / "anon_vma.h").read_text()
    found = facts(header)
    assert found.members["struct anon_vma"]["refcount"] == "atomic_t"
    assert found.members["struct widget"]["refcount"] == "atomic_t"
    assert found.members["struct vm_area_struct"]["shared_anon"] == "struct anon_vma *"  # anonymous members
    assert found.typedefs["anon_vma_t"] == "struct anon_vma *"
    assert found.typedefs["anon_vma_handle_t"] == "anon_vma_t"
    assert found.typedefs["atomic_t"].startswith("struct <anonymous ")
    assert found.functions["anon_vma_alloc"] == "struct anon_vma *"
    assert found.functions["page_anon_vma"] == "struct anon_vma *"
    assert found.functions["widget_of"] == "struct widget *"  # a static inline definition
    assert found.variables["anon_vma_pool"] == "struct anon_vma []"
    assert found.variables["anon_vma_hook"] == "struct anon_vma * () *"
    assert "anon_vma_t" not in found.variables  # a typedef is not a variable


def test_includes_are_read_from_the_text() -> None:
    text = b'#include <linux/mm.h>\n  #  include "internal.h"\n#ifdef X\n#include <asm/x.h>\n#endif\n#define I "y.h"\n'
    assert includes_in(text) == (Include("linux/mm.h", False), Include("internal.h", True), Include("asm/x.h", False))


def test_headers_are_read_without_function_bodies() -> None:
    code = (
        "static inline struct anon_vma *anon_vma_get(struct vm_area_struct *vma)\n{\n\treturn vma->anon_vma;\n}\n"
        "static const struct widget defaults = { .flags = 1 };\n"
        "struct later { int a; };\n"
    )
    from refactor.c.definitions import parse_source
    from refactor.source import SourceFile

    parsed = parse_source(SourceFile("h.h", code), bodies=False)
    assert not parsed.failures()
    body = next(parsed.definitions[0].tree.nodes("compound_statement"))
    assert body.children[0].kind == "{" and body.children[1].kind == "}"  # read as {}
    assert next(parsed.definitions[1].tree.nodes("initializer_list"))  # an initializer is kept
    found = facts_of_parsed(parsed)
    assert found.functions["anon_vma_get"] == "struct anon_vma *"
    assert found.variables["defaults"] == "struct widget" and "struct later" in found.members


def test_facts_survive_json() -> None:
    found = facts((TYPES / "anon_vma.h").read_text())
    assert Facts.from_json(found.to_json()) == found


def test_index_unfolds_typedefs() -> None:
    index = SymbolIndex.of(facts((TYPES / "anon_vma.h").read_text()))
    assert index.resolve("anon_vma_handle_t") == "struct anon_vma *"
    assert index.resolve("anon_vma_t *") == "struct anon_vma * *"
    assert index.resolve("unsigned long") == "unsigned long"
    assert fits("struct anon_vma *", "anon_vma_handle_t", index)
    assert not fits("struct widget *", "anon_vma_handle_t", index)


def test_index_reads_a_layer_only_when_a_lookup_reaches_it_and_its_text_has_the_name() -> None:
    read = []

    def layer(name: str, text: bytes | None, facts: Facts) -> Layer:
        return Layer(lambda: read.append(name) or facts, text)

    index = SymbolIndex([
        layer("own", None, Facts(variables={"mine": "long"})),
        layer("a.h", b"int in_a;", Facts(variables={"in_a": "int"})),
        layer("b.h", b"char in_a; short in_b;", Facts(variables={"in_a": "char", "in_b": "short"})),
        layer("c.h", b"struct s { struct { int x; } in; };", Facts(members={"struct s": {"in": "struct <anonymous 1>"},
                                                                         "struct <anonymous 1>": {"x": "int"}})),
    ])
    assert read == []
    assert index.variable("mine") == "long" and read == ["own"]
    assert index.variable("in_a") == "int" and read == ["own", "a.h"]  # the first layer wins
    assert index.variable("in_b") == "short" and read == ["own", "a.h", "b.h"]
    assert index.variable("nowhere") is None and read == ["own", "a.h", "b.h"]  # no text has it: none read
    assert index.members("struct <anonymous 1>") is None  # only in c.h, which nothing made us read
    assert index.members("struct s") == {"in": "struct <anonymous 1>"} and read[-1] == "c.h"
    assert index.members("struct <anonymous 1>") == {"x": "int"}


def test_a_typedef_loop_ends() -> None:
    index = SymbolIndex.of(Facts(typedefs={"a_t": "b_t", "b_t": "a_t"}))
    assert index.resolve("a_t *") in ("a_t *", "b_t *")


# ---------------------------------------------------------------------------- inference


def element_before_marker(code: str, expression: str):
    """The node or token of `code` that spells `expression` and ends just before /*@*/."""
    parsed = parse_c(code)
    text = parsed.source.text
    end = text.index(HERE)
    while text[end - 1] == " ":
        end -= 1
    for definition in parsed.definitions:
        if definition.tree is None or not definition.tree.start <= end <= definition.tree.end:
            continue
        candidates = []  # (depth, element)
        stack = [(0, definition.tree)]
        while stack:
            depth, element = stack.pop()
            if element.end == end and text[element.start:element.end] == expression:
                candidates.append((depth, element))
            if type(element) is CNode:
                stack.extend((depth + 1, child) for child in element.children)
        assert candidates, f"no element {expression!r} before the marker"
        return parsed, definition.tree, max(candidates, key=lambda c: c[0])[1]  # the innermost
    raise AssertionError("marker outside every definition")


HEADER = (TYPES / "anon_vma.h").read_text()


def type_in(code: str, expression: str, header: str = HEADER) -> str | None:
    parsed, tree, element = element_before_marker(code, expression)
    index = SymbolIndex.of(facts_of_parsed(parsed), facts(header))
    return type_of(element, parsed.source.text, Scope.of(tree, parsed.source.text), index)


@pytest.mark.parametrize("body, expression, expected", [
    ("x = vma->anon_vma->root /*@*/;", "vma->anon_vma->root", "struct anon_vma *"),
    ("x = (*vma).anon_vma /*@*/;", "(*vma).anon_vma", "struct anon_vma *"),
    ("x = &vma->anon_vma->rb_root /*@*/;", "&vma->anon_vma->rb_root", "struct rb_root_cached *"),
    ("x = vma->shared_anon /*@*/;", "vma->shared_anon", "struct anon_vma *"),
    ("x = vma->vm_start + 1 /*@*/;", "vma->vm_start + 1", "unsigned long"),
    ("x = vma->vm_start == 0 /*@*/;", "vma->vm_start == 0", "int"),
    ("x = anon_vma_pool[3] /*@*/;", "anon_vma_pool[3]", "struct anon_vma"),
    # an array plus a number keeps the array's type, as spatch types it (`buf + 1`: `char [10]`)
    ("x = anon_vma_pool + 3 /*@*/;", "anon_vma_pool + 3", "struct anon_vma []"),
    ("x = (struct widget *)vma /*@*/;", "(struct widget *)vma", "struct widget *"),
    ("x = anon_vma_alloc() /*@*/;", "anon_vma_alloc()", "struct anon_vma *"),
    ("x = anon_vma_hook(vma) /*@*/;", "anon_vma_hook(vma)", "struct anon_vma *"),
    ("x = (*anon_vma_hook)(vma) /*@*/;", "(*anon_vma_hook)(vma)", "struct anon_vma *"),
    ("x = container_of(p, struct widget, node) /*@*/;", "container_of(p, struct widget, node)", "struct widget *"),
    ("x = list_next_entry(vma->vm_widget, node) /*@*/;", "list_next_entry(vma->vm_widget, node)", "struct widget *"),
    ("x = n ? vma->anon_vma : NULL /*@*/;", "n ? vma->anon_vma : NULL", "struct anon_vma *"),
    ("x = vma->vm_widget ?: NULL /*@*/;", "vma->vm_widget ?: NULL", "struct widget *"),
    ("x = (n++, vma) /*@*/;", "(n++, vma)", "struct vm_area_struct *"),
    ("x = (p = vma->vm_widget) /*@*/;", "(p = vma->vm_widget)", "struct list_head *"),
    ("x = ({ int k = n; vma->anon_vma; }) /*@*/;", "({ int k = n; vma->anon_vma; })", "struct anon_vma *"),
    ("x = sizeof(*vma) /*@*/;", "sizeof(*vma)", "size_t"),
    ("x = \"str\" /*@*/;", "\"str\"", "char []"),  # spatch: `char [] x` takes it, `char *x` not
    ("x = 10UL /*@*/;", "10UL", "unsigned long"),
    ("x = n /*@*/;", "n", "long"),
    ("x = nowhere->field /*@*/;", "nowhere->field", None),
    ("x = vma->no_such_member /*@*/;", "vma->no_such_member", None),
    ("x = undeclared_function(vma) /*@*/;", "undeclared_function(vma)", None),
    ("x = vma->vm_start->anon_vma /*@*/;", "vma->vm_start->anon_vma", None),
])
def test_type_of_expressions(body: str, expression: str, expected: str | None) -> None:
    code = f"void f(struct vm_area_struct *vma, struct list_head *p, long n)\n{{\n\t{body}\n}}\n"
    assert type_in(code, expression) == expected


@pytest.mark.parametrize("name, expected", [("a", "struct anon_vma *"), ("w", "struct widget *"), ("r", "struct anon_vma *")])
def test_typeof_and_auto_type_locals(name: str, expected: str) -> None:
    code = (
        "void f(struct vm_area_struct *vma)\n{\n\ttypeof(vma->anon_vma) a = 0;\n"
        "\ttypeof(*vma->vm_widget) *w = 0;\n\t__auto_type r = vma->anon_vma->root;\n"
        f"\tuse({name} {HERE});\n}}\n"
    )
    assert type_in(code, name) == expected


def test_an_inner_block_local_shadows_only_inside_its_block() -> None:
    code = (
        "void f(struct anon_vma *av)\n{\n\tif (1) {\n\t\tstruct widget *av = 0;\n\t\tuse(av /*@*/);\n\t}\n}\n"
    )
    assert type_in(code, "av") == "struct widget *"
    after = "void f(struct anon_vma *av)\n{\n\tif (1) {\n\t\tstruct widget *av = 0;\n\t}\n\tuse(av /*@*/);\n}\n"
    assert type_in(after, "av") == "struct anon_vma *"


def test_a_local_is_visible_from_its_declaration_on() -> None:
    code = "struct widget *w;\nvoid f(void)\n{\n\tuse(w /*@*/);\n\tstruct anon_vma *w = 0;\n}\n"
    assert type_in(code, "w") == "struct widget *"  # the global, until the local is declared


def test_a_parameter_wins_over_a_global_of_the_same_name() -> None:
    code = "struct anon_vma *anon_vma;\nvoid f(struct widget *anon_vma)\n{\n\tuse(anon_vma /*@*/);\n}\n"
    assert type_in(code, "anon_vma") == "struct widget *"


def test_for_header_locals_end_with_the_loop() -> None:
    code = (
        "void f(struct widget *it)\n{\n\tfor (struct anon_vma *it = 0; it; )\n\t\tuse(it /*@*/);\n\tuse(it);\n}\n"
    )
    assert type_in(code, "it") == "struct anon_vma *"
    code = "void f(struct widget *it)\n{\n\tfor (struct anon_vma *it = 0; it; )\n\t\tuse(it);\n\tuse(it /*@*/);\n}\n"
    assert type_in(code, "it") == "struct widget *"


def test_parameters_of_a_function_pointer_parameter_are_not_in_scope() -> None:
    code = "struct widget *w;\nvoid f(int (*cb)(struct anon_vma *w))\n{\n\tuse(w /*@*/);\n}\n"
    assert type_in(code, "w") == "struct widget *"


@pytest.mark.parametrize("body, expression, reason", [
    ("x = nowhere->field /*@*/;", "nowhere->field", "'nowhere' is not declared"),
    ("x = vma->no_such_member /*@*/;", "vma->no_such_member", "struct vm_area_struct has no member 'no_such_member'"),
    ("x = undeclared(vma)->f /*@*/;", "undeclared(vma)->f", "'undeclared' has no prototype"),
    ("x = vma->vm_start->f /*@*/;", "vma->vm_start->f", "has type unsigned long, not a pointer to a struct"),
    ("x = ((struct page *)vma)->f /*@*/;", "((struct page *)vma)->f", "struct page is not defined"),
    ("x = vma.vm_start /*@*/;", "vma.vm_start", "has type struct vm_area_struct *, not a struct"),
    ("typeof(nowhere) t = 0; x = t->f /*@*/;", "t->f", "'nowhere' is not declared"),
])
def test_unknown_types_are_explained(body: str, expression: str, reason: str) -> None:
    code = f"void f(struct vm_area_struct *vma)\n{{\n\t{body}\n}}\n"
    parsed, tree, element = element_before_marker(code, expression)
    index = SymbolIndex.of(facts_of_parsed(parsed), facts(HEADER))
    scope = Scope.of(tree, parsed.source.text)
    assert type_of(element, parsed.source.text, scope, index) is None
    assert reason in explain_unknown(element, parsed.source.text, scope, index)


def test_fixture_files_parse() -> None:
    for path in sorted(TYPES.glob("*.[ch]")):
        parsed = parse_c(Path(path).read_text(), str(path))
        assert not parsed.failures(), [f.describe(parsed.source) for f in parsed.failures()]


# ---------------------------------------------------------------------------- the disk cache


def test_cache_directory_follows_the_environment(monkeypatch, tmp_path: Path) -> None:
    from refactor.c.symbol_cache import default_directory

    monkeypatch.delenv("REFACTOR_NO_CACHE", raising=False)
    monkeypatch.delenv("REFACTOR_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_directory() == tmp_path / "xdg" / "refactor" / "symbols"
    monkeypatch.setenv("REFACTOR_CACHE_DIR", str(tmp_path / "mine"))
    assert default_directory() == tmp_path / "mine" / "symbols"
    monkeypatch.setenv("REFACTOR_NO_CACHE", "1")
    assert default_directory() is None


def test_cache_entries_round_trip_and_a_bad_entry_is_a_miss(tmp_path: Path) -> None:
    from refactor.c.symbol_cache import SymbolCache, content_key

    cache = SymbolCache(tmp_path)
    found = facts(HEADER)
    key = content_key(HEADER.encode())
    assert cache.get(key) is None
    cache.put(key, found)
    assert cache.get(key) == found
    (entry,) = tmp_path.rglob(f"{key}.json")
    entry.write_text("{not json")
    assert cache.get(key) is None
