"""refactor: semantic patches for C, in the spirit of Coccinelle.

The public API is small and curated; everything else is internal and may change.
"""
from refactor.c.definitions import Definition, ParsedFile, ParseFailure, parse_source
from refactor.c.lexer import Token, tokenize
from refactor.c.tree import CNode
from refactor.source import Position, SourceFile, Span

__all__ = [
    "CNode",
    "Definition",
    "ParseFailure",
    "ParsedFile",
    "Position",
    "SourceFile",
    "Span",
    "Token",
    "parse_c",
    "parse_source",
    "tokenize",
]


def parse_c(text: str | bytes, path: str = "<memory>") -> ParsedFile:
    """Parse C text (or bytes, kept exactly) definition by definition."""
    source = SourceFile.from_bytes(text, path) if isinstance(text, bytes) else SourceFile(path, text)
    return parse_source(source)
