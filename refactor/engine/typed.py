"""Typed metavariables (`struct anon_vma *av;`, `T *x;`, `expression *E;`): does the code a match
bound them to have the type the rule asks for?

The matcher binds a typed metavariable like any expression and notes it as unchecked in the Env;
the type is checked here once the whole pattern matched, so that types are worked out only for
code that matches otherwise (and headers are read only for it). An expression whose type
cannot be worked out does not match, as in spatch; where that alone kept a pattern from
matching, the place is recorded as an UnknownType, for `--verbose`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, TypeVar

from refactor.c.scopes import Scope
from refactor.c.symbols import SymbolIndex
from refactor.c.tree import CNode
from refactor.c.types import explain_unknown, fits, normalize, shown, type_of
from refactor.engine.bindings import Binding, Env
from refactor.engine.values import satisfies
from refactor.smpl.compile import Pattern

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class UnknownType:
    """Code that matched a pattern but for the type of a typed metavariable, which is unknown."""

    start: int  # offset of the expression
    code: str  # the expression, on one line
    reason: str  # which part of it had no known type, and why
    metavariable: str


class TypeCheck:
    """The type checks of one pattern over the trees of one source text."""

    def __init__(self, pattern: Pattern, text: str, index: SymbolIndex):
        self.pattern = pattern
        self.text = text
        self.index = index
        # Types the typed metavariables want, normalized once.
        self.wanted = {name: _normalized(m.type_text) for name, m in pattern.metavars.items() if m.type_text}
        self._tree: CNode | None = None  # the tree being matched, whose Scope is made on demand
        self._scope: Scope | None = None
        # Places where only an unknown type kept the pattern from matching.
        self.unknown_types: list[UnknownType] = []

    def enter(self, tree: CNode) -> None:
        """Matching moves on to `tree`: names now mean what they mean there."""
        self._tree, self._scope = tree, None

    @property
    def scope(self) -> Scope:
        if self._scope is None:
            self._scope = Scope.of(self._tree, self.text) if self._tree is not None else Scope()
        return self._scope

    def first(self, candidates: Iterator[tuple[Env, T]]) -> tuple[Env, T] | None:
        """The first (env, data) whose typed metavariables have the types the rule wants. When
        none has, but one failed only because a type is unknown, that place is recorded."""
        unknown = None
        for env, data in candidates:
            checked = self.check(env)
            if isinstance(checked, Env):
                return checked, data
            if checked is not None and unknown is None:
                unknown = checked
        if unknown is not None:
            self.unknown_types.append(unknown)
        return None

    def each(self, candidates: Iterator[tuple[Env, T]]) -> Iterator[tuple[Env, T]]:
        """Every (env, data) whose types check, one per distinct set of bindings: where a pattern
        matches one place in several ways (`struct s { ... int i; ... }` and its members),
        spatch applies each way."""
        seen: set = set()
        unknown = None
        found = False
        for env, data in candidates:
            checked = self.check(env)
            if isinstance(checked, Env):
                key = tuple(sorted((name, b.words) for name, b in checked.bindings.items()))
                if key not in seen:
                    seen.add(key)
                    found = True
                    yield checked, data
            elif checked is not None and unknown is None:
                unknown = checked
        if unknown is not None and not found:
            self.unknown_types.append(unknown)

    def check(self, env: Env) -> Env | UnknownType | None:
        """`env` with its typed metavariables' types checked (and the type metavariables they
        imply bound); an UnknownType when a type cannot be worked out; None when one differs."""
        if not env.untyped:
            return env
        for name in env.untyped:
            element = env.bindings[name].element
            actual = type_of(element, self.text, self.scope, self.index)
            if actual is None:
                reason = explain_unknown(element, self.text, self.scope, self.index)
                return UnknownType(element.start, shown(self.text, element), reason, name)
            checked = self._fits(self.wanted[name], actual, env)
            if checked is None:
                return None
            env = checked
        return env.typed()

    def _fits(self, wanted: str, actual: str, env: Env) -> Env | None:
        """Does an expression of type `actual` fit the declared type `wanted` (`struct s *`,
        `T *` with T a type metavariable, `struct i *` with i an identifier metavariable, `*`
        for any pointer, `{void *, PVOID}` for any of several)? Binds T or i; None when it does
        not. Typedefs count as what they stand for; for T, the type as written is tried first."""
        if wanted.startswith("{") and wanted.endswith("}"):
            for choice in wanted[1:-1].split(","):
                fitted = self._fits(normalize(choice), actual, env)
                if fitted is not None:
                    return fitted
            return None
        stars = wanted.count("*")
        base = wanted.replace("*", " ").split()
        if not base:  # expression *E: any pointer
            return env if self.index.resolve(actual).endswith(" *") else None
        if len(base) == 2 and base[0] in ("struct", "union", "enum") and base[1] in self.pattern.metavars:
            return self._tag_fits(base[0], base[1], stars, actual, env)
        meta = self.pattern.metavars.get(base[0]) if len(base) == 1 else None
        if meta is None or meta.kind != "type":
            return env if fits(wanted, actual, self.index) else None
        for candidate in (actual, self.index.resolve(actual)):
            if stars and not candidate.endswith(" *" * stars):
                continue
            bound_type = candidate[: len(candidate) - 2 * stars] if stars else candidate
            words = tuple(bound_type.replace("*", " * ").split())
            existing = env.bindings.get(base[0])
            if existing is not None:
                if existing.words == words:
                    return env
                continue
            # T's code is the type string; for a struct without a tag that is a made-up name
            # (`union <anonymous ...>`), which only matters if added code mentions T.
            return env.bind(Binding(base[0], CNode("type", 0, 0, ()), words, bound_type))
        return None

    def _tag_fits(self, keyword: str, name: str, stars: int, actual: str, env: Env) -> Env | None:
        """`struct i *e;` with i an identifier metavariable: e's type is a struct, i its tag."""
        for candidate in (actual, self.index.resolve(actual)):
            words = candidate.split()
            if words.count("*") != stars or len(words) != 2 + stars or words[0] != keyword:
                continue
            tag = words[1]
            existing = env.bindings.get(name)
            if existing is not None:
                if existing.words == (tag,):
                    return env
                continue
            metavar = self.pattern.metavars[name]
            if metavar.constraint is not None and not satisfies(metavar.constraint, tag):
                continue
            return env.bind(Binding(name, CNode("type", 0, 0, ()), (tag,), tag))
        return None


def _normalized(type_text: str) -> str:
    """A type normalized; a set of types `{void *, PVOID}` stays a set, each one normalized."""
    text = type_text.strip()
    if text.startswith("{") and text.endswith("}"):
        return "{" + ",".join(normalize(choice) for choice in text[1:-1].split(",")) + "}"
    return normalize(text)
