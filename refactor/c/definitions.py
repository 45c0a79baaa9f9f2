"""Parse a C file definition by definition: the C front end's one entry point.

The file is lexed once, split into top-level definitions (refactor.c.chunks), and each
definition is classified (refactor.c.hacks) and parsed on its own (refactor.c.parser). A
definition that does not parse in any conditional configuration keeps no tree and records why;
the rest of the file is unaffected. Nothing here ever changes the text.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Callable

from refactor.c import chunks, conditionals, hacks
from refactor.c.lexer import Directive, Token, tokenize
from refactor.c.parse_cache import FileParses, ParseCache
from refactor.c.parser import ParseError, parse_tokens
from refactor.c.tree import CNode
from refactor.source import SourceFile, Span

_WORD_KINDS = frozenset(
    "IDENT TYPEDEF_NAME ATTR ATTR_FN ITERATOR MACRO_STMT DECL_MACRO STRING_MACRO".split()
)


@dataclass(frozen=True, slots=True)
class ParseFailure:
    """Why a definition did not parse: the offending token and what the parser expected."""

    offset: int
    token: str  # the offending token's text, "" at the end of the definition
    cause: str  # a short name for statistics: the nearest macro or word
    reason: str

    def describe(self, source: SourceFile) -> str:
        return f"{source.path}:{source.position(self.offset)}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Definition:
    """One top-level definition: its span (first to last token) and its tree, if it parsed."""

    span: Span
    tree: CNode | None
    configuration: str  # which conditional configuration parsed: all, first, last
    failure: ParseFailure | None = None
    tokens: tuple[Token, ...] = field(default=(), repr=False)  # the tokens the tree was built from

    @property
    def parsed(self) -> bool:
        return self.tree is not None


@dataclass(frozen=True, slots=True)
class ParsedFile:
    source: SourceFile
    lexed: FileParses = field(repr=False)  # tokens and directives, decoded from the cache when asked for
    definitions: list[Definition]

    @property
    def tokens(self) -> list[Token]:
        return self.lexed.tokens

    @property
    def directives(self) -> list[Directive]:
        return self.lexed.directives

    def failures(self) -> list[ParseFailure]:
        return [d.failure for d in self.definitions if d.failure is not None]

    @property
    def complete(self) -> bool:
        """Was every definition tried (none skipped as not worth parsing)?"""
        return all(d.configuration != "skipped" for d in self.definitions)


def parse_source(
    source: SourceFile, typedefs: frozenset[str] = frozenset(), bodies: bool = True,
    worth_parsing: Callable[[str], bool] | None = None, cache: ParseCache | None = None,
    lexed: tuple[list[Token], list[Directive]] | None = None,
) -> ParsedFile:
    """Lex, split and parse `source`; `typedefs` adds type names known from elsewhere.

    With `bodies` False, function bodies are not parsed: each is read as `{}`. That is all
    reading a header's declarations needs, for a fraction of the time (kernel headers are
    mostly static inline functions). With `worth_parsing`, a definition whose text it turns
    down is not parsed at all: it keeps no tree and records no failure (configuration
    "skipped"), as a rule that cannot match it needs. With `cache`, what an earlier run made of
    the same text is taken from there, and what this one adds goes there (the result is the same
    either way). `lexed` is the text's tokens and directives, when the caller has them
    (refactor.c.relex).
    """
    text = source.text
    key = cache.key(text, typedefs, bodies) if cache is not None else ""
    known = cache.get(key) if cache is not None else None
    added = known is None
    if known is None:
        tokens, directives = lexed if lexed is not None else tokenize(text)
        dead = conditionals.dead_mask(tokens, conditionals.branches(directives, tokens, text))
        bounds = list(chunks.split(tokens, directives, dead))
        known = FileParses(tokens, directives, hacks.collect_typedefs(text, tokens), bounds)
    splitter = None  # the conditional branches by where they start and end, made when first needed
    definitions = []
    for index, (start, end) in enumerate(known.spans):
        span = Span(start, end)
        if worth_parsing is not None and not worth_parsing(text[start:end]):
            definitions.append(Definition(span, None, "skipped"))
            continue
        definition = known.definition(index)
        if definition is None:
            if splitter is None:
                splitter = _BranchSplitter(conditionals.branches(known.directives, known.tokens, text))
            lo, hi = known.bounds[index]
            chunk = known.tokens[lo:hi]
            if not bodies:
                chunk = _without_body(chunk)
            definition = _parse_definition(text, span, chunk, splitter.within(span), known.typedefs | typedefs)
            known.add(index, definition)
            added = True
        definitions.append(definition)
    if cache is not None and added:
        cache.put(key, known)
    return ParsedFile(source, known, definitions)


def _without_body(chunk: list[Token]) -> list[Token]:
    """A function definition's tokens up to its body's `{`, then its last `}`; other
    definitions as they are."""
    if chunk[-1].kind != "}":
        return chunk
    depth = 0
    for i, token in enumerate(chunk):
        kind = token.kind
        if kind in ("(", "["):
            depth += 1
        elif kind in (")", "]"):
            depth -= 1
        elif kind == "{" and depth == 0:
            previous = chunk[i - 1].kind if i else ""
            if previous == "=" or previous in ("struct", "union", "enum") or (
                i >= 2 and chunk[i - 2].kind in ("struct", "union", "enum")
            ):
                return chunk  # an initializer or a struct body: not a function
            return chunk[:i + 1] + [chunk[-1]] if i < len(chunk) - 1 else chunk
    return chunk


class _BranchSplitter:
    """The conditional branches with a directive inside a span (one around the whole span
    changes nothing): bisected from the branches sorted by start and by end."""

    def __init__(self, branch_list: list[conditionals.Branch]):
        self.by_start = sorted(branch_list, key=lambda b: b.start)
        self.by_end = sorted(branch_list, key=lambda b: b.end)
        self.starts = [b.start for b in self.by_start]
        self.ends = [b.end for b in self.by_end]

    def within(self, span: Span) -> list[conditionals.Branch]:
        starts, ends = self.starts, self.ends
        found = self.by_start[bisect.bisect_right(starts, span.start):bisect.bisect_left(starts, span.end)]
        found += self.by_end[bisect.bisect_right(ends, span.start):bisect.bisect_left(ends, span.end)]
        return sorted(set(found), key=lambda b: b.start)


def _parse_definition(
    text: str, span: Span, chunk: list[Token], branch_list: list[conditionals.Branch], known_types
) -> Definition:
    """Parse one definition, trying the conditional configurations in turn."""
    first_failure: ParseFailure | None = None
    live_conditionals = any(not b.dead for b in branch_list)
    configurations = conditionals.CONFIGURATIONS if live_conditionals else ("all",)
    tried: set[tuple[int, ...]] = set()
    for configuration in configurations:
        if branch_list:
            drop = conditionals.dropped_mask(chunk, branch_list, configuration)
            kept = [t for t, d in zip(chunk, drop) if not d]
        else:
            kept = chunk
        key = tuple(t.start for t in kept)
        if key in tried:
            continue
        tried.add(key)
        classified = hacks.classify(text, list(kept), known_types)
        try:
            tree = parse_tokens(classified, span.end)
        except ParseError as error:
            if first_failure is None:
                first_failure = _failure(text, classified, error, span)
            continue
        except RecursionError:
            if first_failure is None:
                first_failure = ParseFailure(span.start, "", "nesting", "nesting too deep")
            continue
        return Definition(span, tree, configuration, None, tuple(classified))
    return Definition(span, None, "none", first_failure)


def _failure(text: str, tokens: list[Token], error: ParseError, span: Span) -> ParseFailure:
    token = error.token
    if token is None:
        offset, word, cause = span.end, "", "end of definition"
        reason = "unexpected end of definition"
    else:
        offset = token.start
        word = text[token.start:token.end]
        index = tokens.index(token)
        cause = word
        if token.kind not in _WORD_KINDS:
            before = next(
                (text[t.start:t.end] for t in reversed(tokens[max(0, index - 6):index]) if t.kind in _WORD_KINDS),
                "",
            )
            cause = f"{before} {word}".strip()
        reason = f"unexpected {word!r} ({token.kind})"
    return ParseFailure(offset, word, cause, reason)
