"""refactor: semantic patches for C, in the spirit of Coccinelle.

The public API is small and curated; everything else is internal and may change:

    from refactor import load_rules, run
    rules = load_rules(open("rename.cocci").read(), "rename.cocci")
    new_text = run(rules, open("mm/rmap.c").read(), "mm/rmap.c")
"""
from refactor.c.definitions import Definition, ParsedFile, ParseFailure, parse_source
from refactor.c.lexer import Token, tokenize
from refactor.c.tree import CNode
from refactor.edits import Edit, EditConflict, apply_edits
from refactor.source import Position, SourceFile, Span

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


def _source(text: str | bytes, path: str) -> SourceFile:
    return SourceFile.from_bytes(text, path) if isinstance(text, bytes) else SourceFile(path, text)


def parse_c(text: str | bytes, path: str = "<memory>") -> ParsedFile:
    """Parse C text (or bytes, kept exactly) definition by definition."""
    return parse_source(_source(text, path))


def load_rules(text: str, path: str = "<rule>") -> list:
    """Parse and compile a rule file (SmPL); SmplError (with path:line:col) when it is bad."""
    from refactor.smpl.compile import compile_rule_file

    return compile_rule_file(text, path)


def run(rules: list, text: str | bytes, path: str = "<memory>", defined: frozenset[str] = frozenset()) -> str:
    """Apply compiled rules to C text; returns the new text (the same text when nothing matched)."""
    from refactor.engine.apply import apply_patterns

    return apply_patterns(rules, _source(text, path), defined).text
