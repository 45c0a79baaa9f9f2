"""The headers a file includes, found as a compiler finds them, and their Facts, each header read
once per process: from memory, else from the disk cache, else by parsing it.

`#include "x.h"` is looked for beside the including file, then like `<x.h>`: in each `-I`
directory in order, then among the run's own headers (a header under the paths of the run whose
path ends with `/x.h`: running over `mm include/linux/rmap.h` finds `<linux/rmap.h>` without
`-I`). Includes
are followed recursively, under any `#if` (spatch's --recursive-includes). A header not found is
skipped; `--verbose` tells which types were unknown as a result.

Nothing is read before a lookup needs it: a file's SymbolIndex first holds the file's own Facts,
and its headers are read only when a name, struct or typedef is not found there.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from refactor.c.definitions import ParsedFile, parse_source
from refactor.c.symbol_cache import SymbolCache, content_key
from refactor.c.symbols import Facts, Include, SymbolIndex, facts_of
from refactor.source import SourceFile


@dataclass(frozen=True, slots=True)
class HeaderSearch:
    """Where headers are looked for, and whether their Facts are cached on disk."""

    include_dirs: tuple[str, ...] = ()
    run_paths: tuple[str, ...] = ()  # the files and directories of the run (walked for .h on demand)
    cache_directory: str | None = None  # None: no disk cache


class Headers:
    """Header Facts for one HeaderSearch, memoized for the life of the process."""

    def __init__(self, search: HeaderSearch):
        self.search = search
        self.cache = SymbolCache(Path(search.cache_directory)) if search.cache_directory else None
        # header -> ((mtime, size) when read, its Facts or None if unreadable)
        self._facts: dict[str, tuple[tuple[int, int], Facts | None]] = {}
        self._resolved: dict[tuple[str, bool, str], str | None] = {}
        self._by_suffix: dict[str, str] | None = None
        self.parsed = 0  # headers parsed (not found in the disk cache), for benchmarks and tests

    def index_for(self, parsed: ParsedFile) -> SymbolIndex:
        """The SymbolIndex of a parsed file: its own Facts, then those of the headers it reaches,
        each read when a lookup gets to it."""

        def layers() -> Iterator[Facts]:
            own = self.own_facts(parsed)
            yield own
            yield from self.reachable(parsed.source.path, own.includes)

        return SymbolIndex(layers=layers())

    def own_facts(self, parsed: ParsedFile) -> Facts:
        """The Facts of a file of the run, from the parse that matching uses. A header's go to the
        disk cache too, so that a file including it later does not parse it again."""
        facts = facts_of_parsed(parsed)
        if self.cache is not None and parsed.source.path.endswith(".h"):
            self.cache.put(content_key(parsed.source.to_bytes()), facts)
        return facts

    def reachable(self, path: str, includes: tuple[Include, ...]) -> Iterator[Facts]:
        """The Facts of every header reachable from `path`'s includes, depth first (the order
        the preprocessor reads them in), each once, read as they are asked for."""
        seen = {os.path.normpath(path)}
        stack: list[tuple[str, Include]] = [(path, include) for include in reversed(includes)]
        while stack:
            including, include = stack.pop()
            header = self.resolve(include, including)
            if header is None or header in seen:
                continue
            seen.add(header)
            facts = self.facts(header)
            if facts is None:
                continue
            yield facts
            stack.extend((header, inner) for inner in reversed(facts.includes))

    def resolve(self, include: Include, including: str) -> str | None:
        directory = os.path.dirname(including)
        key = (include.name, include.quoted, directory if include.quoted else "")
        if key not in self._resolved:
            self._resolved[key] = self._find(include, directory)
        return self._resolved[key]

    def _find(self, include: Include, directory: str) -> str | None:
        places = ([directory] if include.quoted else []) + list(self.search.include_dirs)
        for place in places:
            candidate = os.path.normpath(os.path.join(place, include.name))
            if os.path.isfile(candidate):
                return candidate
        return self._run_headers_by_suffix().get(os.path.normpath(include.name))

    def _run_headers_by_suffix(self) -> dict[str, str]:
        if self._by_suffix is None:
            from refactor.runner import c_files

            self._by_suffix = {}
            for header in (f for f in c_files(self.search.run_paths) if f.endswith(".h")):
                parts = os.path.normpath(header).split(os.sep)
                for i in range(len(parts)):
                    self._by_suffix.setdefault(os.sep.join(parts[i:]), os.path.normpath(header))
        return self._by_suffix

    def facts(self, header: str) -> Facts | None:
        """A header's Facts; None when it cannot be read. A header changed on disk since it
        was read (by a long-lived process) is read again."""
        try:
            status = os.stat(header)
            stamp = (status.st_mtime_ns, status.st_size)
        except OSError:
            return None
        known = self._facts.get(header)
        if known is not None and known[0] == stamp:
            return known[1]
        try:
            with open(header, "rb") as f:
                data = f.read()
        except OSError:
            self._facts[header] = (stamp, None)
            return None
        key = content_key(data)
        facts = self.cache.get(key) if self.cache is not None else None
        if facts is None:
            facts = facts_of_parsed(parse_source(SourceFile.from_bytes(data, header), bodies=False))
            self.parsed += 1
            if self.cache is not None:
                self.cache.put(key, facts)
        self._facts[header] = (stamp, facts)
        return facts


def facts_of_parsed(parsed: ParsedFile) -> Facts:
    trees = [d.tree for d in parsed.definitions if d.tree is not None]
    return facts_of(trees, parsed.source.text, parsed.directives)


_HEADERS: list[Headers] = []  # this process's Headers, one per HeaderSearch (there is one per run)
_KEPT = 4  # a long-lived process (tests, the API) keeps the Headers of its last few searches


def headers_for(search: HeaderSearch) -> Headers:
    """The process-wide Headers of `search`, so that each header is read once per process."""
    for headers in _HEADERS:
        if headers.search == search:
            return headers
    headers = Headers(search)
    _HEADERS.append(headers)
    del _HEADERS[:-_KEPT]
    return headers
