"""Lexed and parsed files, cached on disk, so that a rule run again over the same tree (the rule
edited, or not) lexes and parses nothing it did before.

An entry holds what refactor.c.definitions.parse_source made of one text: its tokens, directives,
type names and definition boundaries, and the outcome (tree or failure) of each definition parsed
so far. A run that skips the definitions without its words caches only those it parsed; a later
run that wants others parses them and adds them to the entry. Entries are keyed by a hash of the
text and of what else decides the parse (type names known from elsewhere, whether function
bodies are parsed), in a directory named after a hash of the grammar and of the code that lexes,
splits and parses: an edit to either starts a fresh cache. They are written atomically (a
temporary file renamed into place), so that concurrent workers never see half an entry, and
compressed (zlib, fastest level: a little over half the size saved, for a few milliseconds per
megabyte; an entry then takes about as much disk as the source file). refactor.engine.apply caches the parse of the files as they are, not of what a rule
made of them (unless a later rule needs it whole): that one is a few definitions, lexed only
around the edits (refactor.c.relex), and a cache of every output would grow with every rerun.

Why it pays (measured on mm/memory.c, 6,057 lines, one core, through parse_source): lexing and
splitting it takes 23 ms, 30 ms when the entry is written, 4 ms from the entry; lexing and
parsing every definition takes 100 ms, 150 ms with the write, 25 ms from the entry. So a cold
run pays a quarter more where it only lexes a file (most files, for a rule with rare words) and
half again where it parses all of it, and a rerun is four to five times faster on those files.
Tokens are kept as three flat tuples and rebuilt into Tokens by C code (pickling each Token
would cost more than lexing). The collector is paused while an entry loads: it is hundreds of
thousands of new tuples, which would set off collection after collection for nothing (loads are
twice as fast without).

Where: `<cache root>/parsed` (refactor.c.symbol_cache.default_root: `$REFACTOR_CACHE_DIR`,
`$XDG_CACHE_HOME/refactor` or `~/.cache/refactor`); `--no-cache` or `REFACTOR_NO_CACHE=1` turn it
off, and deleting the directory reclaims the space. A cache that cannot be read or written only
costs time: it is never an error.
"""
from __future__ import annotations

import gc
import hashlib
import os
import pickle
import zlib
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter
from pathlib import Path

from refactor.c.lexer import Token
from refactor.c.symbol_cache import code_version

# The modules whose code decides what a text lexes, splits and parses into.
_PARSE_MODULES = ("lexer", "conditionals", "chunks", "hacks", "parser", "definitions", "tree", "parse_cache")
_FORMAT = 1


@dataclass(slots=True)
class FileParses:
    """What parse_source made of one text, so far."""

    tokens: list[Token]
    directives: list
    typedefs: frozenset[str]  # type names the text defines (refactor.c.hacks.collect_typedefs)
    bounds: list[tuple[int, int]]  # each definition's [start, end) token indices
    parsed: dict[int, object]  # definition index -> refactor.c.definitions.Definition


def _new_token(fields: tuple) -> Token:
    return tuple.__new__(Token, fields)


@dataclass(frozen=True, slots=True)
class ParseCache:
    """FileParses by key, under `root/<code version>/`."""

    root: Path

    @staticmethod
    def key(text: str, typedefs: frozenset[str], bodies: bool) -> str:
        digest = hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=16)
        digest.update(("\0" + " ".join(sorted(typedefs)) + ("\0bodies" if bodies else "\0no bodies")).encode())
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.root / code_version(_PARSE_MODULES) / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> FileParses | None:
        paused = gc.isenabled()
        gc.disable()
        try:
            with open(self._path(key), "rb") as f:
                form, kinds, starts, ends, directives, typedefs, bounds, parsed = pickle.loads(zlib.decompress(f.read()))
            if form != _FORMAT:
                return None
            tokens = list(map(tuple.__new__, repeat(Token), zip(kinds, starts, ends)))
            return FileParses(tokens, directives, typedefs, bounds, parsed)
        except Exception:  # noqa: BLE001 - a missing, stale or damaged entry is a miss
            return None
        finally:
            if paused:
                gc.enable()

    def put(self, key: str, parses: FileParses) -> None:
        # map(itemgetter) makes no new object per token (zip(*tokens) would, and set the
        # collector off again and again over a heap of trees).
        tokens = parses.tokens
        kinds, starts, ends = (tuple(map(itemgetter(i), tokens)) for i in range(3))
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            data = pickle.dumps(
                (_FORMAT, kinds, starts, ends, parses.directives, parses.typedefs, parses.bounds, parses.parsed),
                protocol=pickle.HIGHEST_PROTOCOL,
            )
            with open(temporary, "wb") as f:
                f.write(zlib.compress(data, 1))
            os.replace(temporary, path)
        except (OSError, pickle.PicklingError, RecursionError):
            try:
                os.unlink(temporary)
            except (OSError, UnboundLocalError):
                pass  # a read-only cache only costs time
