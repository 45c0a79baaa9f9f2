"""The Facts of headers, cached on disk so that a second run does not parse a header again.

An entry is keyed by a hash of the header's bytes, in a directory named after a hash of the
grammar and of the code that turns a file into Facts: an edit to either starts a fresh cache,
and a header edited since last time simply misses. Entries are JSON, written atomically (a
temporary file renamed into place), so that concurrent workers never see half an entry.

Where: `$REFACTOR_CACHE_DIR/symbols`, else `$XDG_CACHE_HOME/refactor/symbols`, else
`~/.cache/refactor/symbols`. `REFACTOR_NO_CACHE=1` (or `--no-cache`) turns it off. A cache that
cannot be read or written only costs time: it is never an error.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from refactor.c.symbols import Facts

CACHE_DIR_ENV = "REFACTOR_CACHE_DIR"
NO_CACHE_ENV = "REFACTOR_NO_CACHE"
# The modules whose code decides what Facts a file has.
_FACT_MODULES = ("lexer", "conditionals", "chunks", "hacks", "parser", "definitions", "declarations", "symbols", "headers")


def default_root() -> Path | None:
    """Where this user's caches live (symbols/, parsed/), or None when the environment turns
    them off."""
    if os.environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return None
    base = os.environ.get(CACHE_DIR_ENV)
    if not base:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        base = os.path.join(xdg, "refactor")
    return Path(base)


def default_directory() -> Path | None:
    """Where the cache lives for this user, or None when the environment turns it off."""
    root = default_root()
    return None if root is None else root / "symbols"


@functools.cache
def code_version(modules: tuple[str, ...] = _FACT_MODULES) -> str:
    """A hash of the grammar and of `modules` of refactor.c (by default those that produce Facts)."""
    from refactor.c.parser import grammar_text

    digest = hashlib.blake2b(grammar_text("c.lark").encode(), digest_size=8)
    here = Path(__file__).resolve().parent
    for module in modules:
        digest.update((here / f"{module}.py").read_bytes())
    return digest.hexdigest()


def content_key(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class SymbolCache:
    """Facts by content key, under `root/<code version>/`."""

    root: Path

    def _path(self, key: str) -> Path:
        return self.root / code_version() / key[:2] / f"{key}.json"

    def get(self, key: str) -> Facts | None:
        try:
            with open(self._path(key), encoding="utf-8", errors="surrogateescape") as f:
                return Facts.from_json(json.load(f))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, facts: Facts) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            with open(temporary, "w", encoding="utf-8", errors="surrogateescape") as f:
                json.dump(facts.to_json(), f, separators=(",", ":"))
            os.replace(temporary, path)
        except OSError:
            pass  # a read-only cache only costs time
