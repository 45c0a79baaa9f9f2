"""The types of C expressions: what typed metavariables (`struct anon_vma *av;`) need to tell
one struct's member from another's.

Types are strings (see refactor.c.declarations): `struct anon_vma *`, `unsigned long`, `pte_t *`,
`int * ()` (a function returning `int *`). A name's type comes from the Scope of the definition
being matched (parameters and locals, per block), then from the SymbolIndex (globals, functions,
struct members and typedefs of the file and the headers it includes). An expression whose type
cannot be worked out has type None, and a typed metavariable does not match it, as in spatch;
`explain_unknown` says which part of it was not known, for `--verbose`.

Typedefs are kept as written (`pte_t`) and unfolded only where needed: to find the struct behind
`p->x`, and when comparing with the type a rule asks for (`fits`).
"""
from __future__ import annotations

import re

from refactor.c.declarations import Declared, canonical_words, type_name_type
from refactor.c.lexer import Token
from refactor.c.scopes import Scope
from refactor.c.symbols import SymbolIndex
from refactor.c.tree import CNode

# Macros whose value points to their type argument: container_of(ptr, type, member), ...
TYPE_ARGUMENT_MACROS = frozenset({
    "container_of", "container_of_const", "container_of_safe", "list_entry", "list_entry_rcu",
    "list_first_entry", "list_last_entry", "list_first_entry_or_null", "list_last_entry_or_null",
    "list_first_or_null_rcu", "list_next_or_null_rcu", "list_tail_entry", "hlist_entry",
    "hlist_entry_safe", "hlist_nulls_entry", "hlist_nulls_entry_safe", "llist_entry",
    "rb_entry", "rb_entry_safe", "list_entry_is_head",
})
# Macros whose value has the type of their first argument (they are written with typeof).
SAME_TYPE_MACROS = frozenset({
    "list_next_entry", "list_prev_entry", "list_next_entry_circular", "list_prev_entry_circular",
    "READ_ONCE", "rcu_dereference", "rcu_dereference_protected", "rcu_dereference_check",
    "rcu_dereference_raw", "rcu_dereference_bh", "rcu_dereference_sched", "rcu_access_pointer",
    "smp_load_acquire", "xchg", "cmpxchg", "data_race",
})
_COMPARISONS = frozenset({"==", "!=", "<", ">", "<=", ">=", "&&", "||"})
_RANKS = ("char", "signed char", "unsigned char", "short", "unsigned short", "int", "unsigned int",
          "long", "unsigned long", "long long", "unsigned long long", "float", "double", "long double")
_SIZE_T = "size_t"  # which symbols.py unfolds to unsigned long where no header says otherwise
_INTEGER_SUFFIX = re.compile(r"[uUlL]+$")


def normalize(type_text: str) -> str:
    """A type as a rule writes it, as a type string: `long  unsigned int*` -> `unsigned long *`."""
    array = re.search(r"\[\s*\]\s*$", type_text)  # `char []`: an array of unknown size
    if array:
        type_text = type_text[:array.start()]
    words = [w for w in type_text.replace("*", " * ").split() if w not in ("const", "volatile")]
    base = [w for w in words if w != "*"]
    return " ".join(canonical_words(base)) + " *" * words.count("*") + (" []" if array else "")


def pointee(type_: str | None) -> str | None:
    """What a pointer or an array (`char []`) holds."""
    if type_ is None:
        return None
    if type_.endswith(" *"):
        return type_[:-2]
    return type_[:-3] if type_.endswith(" []") else None


def is_pointer_like(type_: str) -> bool:
    """A pointer, or an array (which decays to one in arithmetic)."""
    return type_.endswith((" *", " []"))


def returned(type_: str | None) -> str | None:
    """What calling an expression of this type gives: a function or a pointer to one."""
    if type_ is None:
        return None
    if type_.endswith(" ()"):
        return type_[:-3]
    if type_.endswith(" () *"):
        return type_[:-5]
    return None


def fits(wanted: str, actual: str, index: SymbolIndex) -> bool:
    """Is an expression of type `actual` one of type `wanted`? Written alike, or alike once
    typedefs are unfolded (`foo_t` is `struct foo *` after `typedef struct foo *foo_t;`)."""
    return actual == wanted or index.resolve(actual) == index.resolve(wanted)


def type_of(element: CNode | Token, text: str, scope: Scope, index: SymbolIndex) -> str | None:
    """The type of an expression, or None when it cannot be worked out."""
    try:
        return _Inference(text, scope, index).of(element)
    except RecursionError:
        return None


def explain_unknown(element: CNode | Token, text: str, scope: Scope, index: SymbolIndex) -> str:
    """Why `type_of(element)` is None: the innermost part whose type is not known, and why."""
    try:
        return _Inference(text, scope, index).why(element)
    except RecursionError:
        return "the expression is nested too deeply"


class _Inference:
    __slots__ = ("text", "scope", "index", "pending")

    def __init__(self, text: str, scope: Scope, index: SymbolIndex):
        self.text = text
        self.scope = scope
        self.index = index
        self.pending: set[int] = set()  # typeof() declarations being worked out (no loops)

    def word(self, token: Token) -> str:
        return self.text[token.start:token.end]

    # ------------------------------------------------------------------ names

    def declared_type(self, d: Declared) -> str | None:
        if d.base is not None:
            return d.base + d.layers
        if d.base_expression is None or d.at in self.pending:
            return None
        self.pending.add(d.at)
        try:
            base = self.of(d.base_expression)
        finally:
            self.pending.discard(d.at)
        return None if base is None else base + d.layers

    def name(self, token: Token) -> str | None:
        name = self.word(token)
        local = self.scope.lookup(name, token.start)
        if local is not None:
            return self.declared_type(local)
        found = self.index.variable(name)
        if found is not None:
            return found
        result = self.index.function(name)
        return None if result is None else result + " ()"

    # ------------------------------------------------------------------ expressions

    def of(self, element: CNode | Token) -> str | None:
        if type(element) is not CNode:
            kind = element.kind
            if kind == "IDENT":
                return self.name(element)
            if kind == "NUMBER":
                return _number_type(self.word(element))
            if kind == "CHAR":
                return "char"
            if kind in ("STRING", "STRING_MACRO"):
                return "char []"  # an array, as in spatch: `char [] x` takes it, `expression *x` not
            return None
        rule = _RULES.get(element.kind)
        return rule(self, element.children) if rule is not None else None

    def owner_struct(self, member: tuple) -> str | None:
        """The struct or union type whose member `E.f` or `E->f` (these children) selects."""
        owner = self.of(member[0])
        if owner is None:
            return None
        owner = self.index.resolve(owner)
        if self.word(member[1]) == "->":
            owner = pointee(owner)
            if owner is None:
                return None
            owner = self.index.resolve(owner)
        return owner if owner.startswith(("struct ", "union ")) and not owner.endswith((" *", ")", "]")) else None

    def _member(self, children) -> str | None:
        owner = self.owner_struct(children)
        members = self.index.members(owner) if owner is not None else None
        return members.get(self.word(children[2])) if members is not None else None

    def _paren(self, children) -> str | None:
        return self.of(children[1])

    def _extension(self, children) -> str | None:
        return self.of(children[1])

    def _unary(self, children) -> str | None:
        op = self.word(children[0])
        if op == "!":
            return "int"
        inner = self.of(children[1])
        if inner is None:
            return None
        if op == "&":
            return inner + " *"
        if op == "*":
            if inner.endswith(" ()"):
                return inner  # *f is the function f
            return pointee(self.index.resolve(inner))
        return inner if op in ("+", "-", "~") else None

    def _pre_increment(self, children) -> str | None:
        return self.of(children[1])

    _pre_decrement = _pre_increment

    def _post_increment(self, children) -> str | None:
        return self.of(children[0])

    _post_decrement = _post_increment

    def _index(self, children) -> str | None:
        array = self.of(children[0])
        return None if array is None else pointee(self.index.resolve(array))

    def _cast(self, children) -> str | None:
        return type_name_type(children[1], self.text)

    _compound_literal = _cast

    def _assignment(self, children) -> str | None:
        return self.of(children[0])

    def _comma_expression(self, children) -> str | None:
        return self.of(children[-1])

    def _conditional(self, children) -> str | None:
        middle = children[2]
        if type(middle) is CNode or middle.kind != ":":
            found = self.of(middle)
            if found is not None:
                return found
        else:  # `a ?: b` is a if a is true
            found = self.of(children[0])
            if found is not None:
                return found
        return self.of(children[-1])

    def _statement_expression(self, children) -> str | None:
        body = children[1].children  # ( { ... } )
        last = body[-2] if len(body) > 2 else None
        if type(last) is CNode and last.kind == "expression_statement" and len(last.children) == 2:
            return self.of(last.children[0])
        return None

    def _sizeof_expression(self, children) -> str | None:
        return _SIZE_T

    _sizeof_type = _alignof_type = _alignof_expression = _sizeof_expression

    def _builtin_va_arg(self, children) -> str | None:
        return type_name_type(children[4], self.text)

    def _label_address(self, children) -> str | None:
        return "void *"

    def _string_seq(self, children) -> str | None:
        return "char []"

    _glued_string = _string_seq

    def _binary(self, children) -> str | None:
        op = self.word(children[1])
        if op in _COMPARISONS:
            return "int"
        left, right = self.of(children[0]), self.of(children[2])
        if left is None or right is None:
            return None
        if op in ("<<", ">>"):
            return left
        left_pointer = is_pointer_like(self.index.resolve(left))
        right_pointer = is_pointer_like(self.index.resolve(right))
        if left_pointer and right_pointer:
            return "ptrdiff_t" if op == "-" else None
        # an array plus a number keeps the array's type (spatch: `buf + 1` is a `char [10]`,
        # no `char *`)
        if left_pointer:
            return left if op in ("+", "-") else None
        if right_pointer:
            return right if op == "+" else None
        if left == right:
            return left
        if left in _RANKS and right in _RANKS:  # the usual arithmetic conversions, roughly
            return max(left, right, "int", key=_RANKS.index)
        return None

    def _call(self, children) -> str | None:
        callee = children[0]
        arguments = children[2] if len(children) == 4 and type(children[2]) is CNode else None
        if type(callee) is not CNode and callee.kind in ("IDENT", "TYPEDEF_NAME"):
            name = self.word(callee)
            if name in TYPE_ARGUMENT_MACROS and arguments is not None:
                types = [a for a in arguments.children if type(a) is CNode and a.kind == "type_name"]
                found = type_name_type(types[0], self.text) if types else None
                return None if found is None else found + " *"
            if name in SAME_TYPE_MACROS and arguments is not None and arguments.children:
                return self.of(arguments.children[0])
            local = self.scope.lookup(name, callee.start)
            if local is not None:
                return returned(self.declared_type(local))
            found = self.index.function(name)
            if found is not None:
                return found
            return returned(self.index.variable(name))
        function = self.of(callee)
        return None if function is None else returned(self.index.resolve(function))

    # ------------------------------------------------------------------ why a type is unknown

    def why(self, element: CNode | Token) -> str:
        if type(element) is not CNode:
            if element.kind != "IDENT":
                return f"no type known for a {element.kind} token"
            local = self.scope.lookup(self.word(element), element.start)
            if local is not None and local.base_expression is not None:
                return self.why(local.base_expression)  # typeof(E) or __auto_type = E
            return f"'{self.word(element)}' is not declared in its function, its file or the headers read"
        kind = element.kind
        children = element.children
        if kind == "member":
            owner_type = self.of(children[0])
            if owner_type is None:
                return self.why(children[0])
            owner = self.owner_struct(children)
            member = self.word(children[2])
            if owner is None:
                wanted = "a pointer to a struct" if self.word(children[1]) == "->" else "a struct"
                return f"'{shown(self.text, children[0])}' has type {owner_type}, not {wanted}"
            members = self.index.members(owner)
            if members is None:
                return f"{owner} is not defined in the file or the headers read"
            return f"{owner} has no member '{member}' in the definition read"
        if kind == "call" and type(children[0]) is not CNode:
            name = self.word(children[0])
            return f"'{name}' has no prototype in the file or the headers read (a macro?)"
        for child in children:
            if (type(child) is CNode or child.kind == "IDENT") and self.of(child) is None:
                return self.why(child)
        return f"no rule gives the type of a '{kind}' expression"


# Node kind -> the rule that types it (the `_kind` methods above).
_RULES = {
    name[1:]: method for name, method in vars(_Inference).items()
    if name.startswith("_") and not name.startswith("__") and callable(method)
}


def _number_type(word: str) -> str:
    lower = word.lower()
    if not lower.startswith("0x") and ("." in lower or "e" in lower):
        return "float" if lower.endswith("f") else "double"
    suffix = _INTEGER_SUFFIX.search(word)
    letters = suffix.group().lower() if suffix else ""
    size = "long long" if "ll" in letters else "long" if "l" in letters else "int"
    return f"unsigned {size}" if "u" in letters else size


def shown(text: str, element: CNode | Token) -> str:
    """An expression's code on one line, shortened: for messages."""
    code = " ".join(text[element.start:element.end].split())
    return code if len(code) <= 60 else code[:57] + "..."
