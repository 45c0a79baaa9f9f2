"""Lexed and parsed files, cached on disk, so that a rule run again over the same tree (the rule
edited, or not) lexes and parses nothing it did before.

An entry holds what refactor.c.definitions.parse_source made of one text: its tokens, directives,
type names and definition boundaries, and the outcome (tree or failure) of each definition parsed
so far. A run that skips the definitions without its words caches only those it parsed; a later
run that wants others parses them and adds them to the entry. Entries are keyed by a hash of the
text and of what else decides the parse (type names known from elsewhere, whether function
bodies are parsed), in a directory named after a hash of the grammar and of the code that lexes,
splits and parses: an edit to either starts a fresh cache. They are written atomically (a
temporary file renamed into place), so that concurrent workers never see half an entry; their
bulk is compressed (zlib, fastest level: a little over half the size saved, for a few
milliseconds per megabyte; an entry then takes about as much disk as the source file).
refactor.engine.apply caches the parse of the files as they are, not of what a rule made of them
(unless a later rule needs it whole): that one is a few definitions, lexed only around the edits
(refactor.c.relex), and a cache of every output would grow with every rerun.

Why it pays (measured on mm/memory.c, 6,057 lines, one core, through parse_source): lexing and
splitting it takes 23 ms, 30 ms when the entry is written, 4 ms from the entry; lexing and
parsing every definition takes 100 ms, 150 ms with the write, 25 ms from the entry. So a cold
run pays a quarter more where it only lexes a file (most files, for a rule with rare words) and
half again where it parses all of it, and a rerun is four to five times faster on those files.

What a rerun reads is only what it uses. An entry is a small uncompressed pickle of the
definitions' boundaries (token indices and text spans), the directives and the type names,
plus compressed blobs that stay bytes until asked for: the tokens (kinds as indices into a
table, offsets as machine integers, rebuilt into Tokens by C code), and each parsed definition
on its own. A rule whose words are in a few definitions of a file unpickles those definitions'
trees and nothing else; the tokens are decoded only when a definition must be parsed or a rule
changed the file (refactor.c.relex). On the rerun of benchmark (e) (36 entries of mm/ files,
359,000 tokens, 133 parsed definitions), decoding everything took 0.17 s, decoding what the
rerun uses 0.03 s. The collector is paused while an entry or blob loads: it is hundreds of
thousands of new tuples, which would set off collection after collection for nothing (loads
are twice as fast without).

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
from array import array
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter
from pathlib import Path

from refactor.c.lexer import Directive, Token
from refactor.c.symbol_cache import code_version

# The modules whose code decides what a text lexes, splits and parses into.
_PARSE_MODULES = ("lexer", "conditionals", "chunks", "hacks", "parser", "definitions", "tree", "parse_cache")
_FORMAT = 2


class FileParses:
    """What parse_source made of one text, so far: its tokens, directives, type names, each
    definition's boundaries, and the definitions parsed. Tokens and definitions read from the
    cache are decoded when first asked for."""

    __slots__ = ("_tokens", "_token_blob", "directives", "typedefs", "bounds", "spans", "_parsed", "_blobs")

    def __init__(
        self, tokens: list[Token] | None, directives: list[Directive], typedefs: frozenset[str],
        bounds: list[tuple[int, int]], spans: list[tuple[int, int]] | None = None, token_blob: bytes | None = None,
        blobs: dict[int, bytes] | None = None,
    ) -> None:
        self._tokens, self._token_blob = tokens, token_blob
        self.directives = directives
        self.typedefs = typedefs  # type names the text defines (refactor.c.hacks.collect_typedefs)
        self.bounds = bounds  # each definition's [start, end) token indices
        # each definition's span in the text: first token's start, last token's end
        self.spans = spans if spans is not None else [(tokens[lo].start, tokens[hi - 1].end) for lo, hi in bounds]
        self._parsed: dict[int, object] = {}  # definition index -> refactor.c.definitions.Definition
        self._blobs = blobs or {}  # definition index -> its pickle, compressed, not yet loaded

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            self._tokens = _with_collector_paused(_decode_tokens, self._token_blob)
        return self._tokens

    def definition(self, index: int):
        """The Definition parsed at `index`, or None if it was never parsed."""
        found = self._parsed.get(index)
        if found is None and index in self._blobs:
            found = self._parsed[index] = _with_collector_paused(_loads, self._blobs.pop(index))
        return found

    def add(self, index: int, definition) -> None:
        self._parsed[index] = definition

    def _encoded(self) -> tuple:
        blobs = dict(self._blobs)
        blobs.update((i, zlib.compress(pickle.dumps(d, protocol=pickle.HIGHEST_PROTOCOL), 1)) for i, d in self._parsed.items())
        token_blob = self._token_blob if self._token_blob is not None else _encode_tokens(self._tokens)
        return (_FORMAT, token_blob, self.directives, self.typedefs, self.bounds, self.spans, blobs)


def _loads(blob: bytes):
    return pickle.loads(zlib.decompress(blob))


def _with_collector_paused(function, argument):
    paused = gc.isenabled()
    gc.disable()
    try:
        return function(argument)
    finally:
        if paused:
            gc.enable()


def _encode_tokens(tokens: list[Token]) -> bytes:
    # map(itemgetter) and map(dict.__getitem__) make no new object per token and run in C
    # (zip(*tokens) would make tuples, and set the collector off again and again over a heap of trees).
    kinds = tuple(map(itemgetter(0), tokens))
    table = {kind: i for i, kind in enumerate(set(kinds))}
    numbers = array("H", map(table.__getitem__, kinds))
    starts, ends = (array("I", map(itemgetter(i), tokens)) for i in (1, 2))
    data = (tuple(table), numbers.tobytes(), starts.tobytes(), ends.tobytes())
    return zlib.compress(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _decode_tokens(blob: bytes) -> list[Token]:
    table, numbers, starts, ends = pickle.loads(zlib.decompress(blob))
    kinds, first, last = array("H"), array("I"), array("I")
    kinds.frombytes(numbers)
    first.frombytes(starts)
    last.frombytes(ends)
    return list(map(tuple.__new__, repeat(Token), zip(map(table.__getitem__, kinds), first, last)))


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
        try:
            with open(self._path(key), "rb") as f:
                form, token_blob, directives, typedefs, bounds, spans, blobs = _with_collector_paused(pickle.load, f)
            if form != _FORMAT:
                return None
            return FileParses(None, directives, typedefs, bounds, spans, token_blob, blobs)
        except Exception:  # noqa: BLE001 - a missing, stale or damaged entry is a miss
            return None

    def put(self, key: str, parses: FileParses) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            data = pickle.dumps(parses._encoded(), protocol=pickle.HIGHEST_PROTOCOL)
            with open(temporary, "wb") as f:
                f.write(data)
            os.replace(temporary, path)
        except (OSError, pickle.PicklingError, RecursionError):
            try:
                os.unlink(temporary)
            except (OSError, UnboundLocalError):
                pass  # a read-only cache only costs time
