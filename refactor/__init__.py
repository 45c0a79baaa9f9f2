"""refactor: semantic patches for C, in the spirit of Coccinelle.

The public API is small and curated; everything else is internal and may change:

    from refactor import load_rules, run
    rules = load_rules(open("rename.cocci").read(), "rename.cocci")
    new_text = run(rules, open("mm/rmap.c").read(), "mm/rmap.c")
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from refactor.c.definitions import ParsedFile

# The names of the API, each imported from its module when first used (PEP 562): the command
# line imports this package first, and a run whose results are cached needs none of the C
# front end (refactor.engine.result_cache).
_FROM = {
    "Definition": "refactor.c.definitions", "ParsedFile": "refactor.c.definitions",
    "ParseFailure": "refactor.c.definitions", "parse_source": "refactor.c.definitions",
    "Token": "refactor.c.lexer", "tokenize": "refactor.c.lexer", "CNode": "refactor.c.tree",
    "Edit": "refactor.edits", "EditConflict": "refactor.edits", "apply_edits": "refactor.edits",
    "Position": "refactor.source", "SourceFile": "refactor.source", "Span": "refactor.source",
}


def __getattr__(name: str):
    module = _FROM.get(name)
    if module is None:
        raise AttributeError(f"module 'refactor' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "CNode",
    "Definition",
    "Edit",
    "EditConflict",
    "ParseFailure",
    "ParsedFile",
    "Position",
    "SourceFile",
    "Span",
    "Token",
    "apply_edits",
    "load_rules",
    "parse_c",
    "parse_source",
    "run",
    "tokenize",
]


def _source(text: str | bytes, path: str):
    from refactor.source import SourceFile

    return SourceFile.from_bytes(text, path) if isinstance(text, bytes) else SourceFile(path, text)


def parse_c(text: str | bytes, path: str = "<memory>") -> ParsedFile:
    """Parse C text (or bytes, kept exactly) definition by definition."""
    from refactor.c.definitions import parse_source

    return parse_source(_source(text, path))


def load_rules(text: str, path: str = "<rule>") -> list:
    """Parse and compile a rule file (SmPL); SmplError (with path:line:col) when it is bad."""
    from refactor.smpl.compile import compile_rule_file

    return compile_rule_file(text, path)


def run(rules: list, text: str | bytes, path: str = "<memory>", defined: frozenset[str] = frozenset()) -> str:
    """Apply compiled rules to C text; returns the new text (the same text when nothing matched)."""
    from refactor.engine.apply import apply_patterns

    return apply_patterns(rules, _source(text, path), defined).text


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
