"""The headers a file includes, found as a compiler finds them, and their Facts, each header read
once per process: from memory, else from the disk cache, else by parsing it.

`#include "x.h"` is looked for beside the including file, then like `<x.h>`: in each `-I`
directory in order, then, for a name with a directory part, among the run's own headers (a
header under the paths of the run whose path ends with `/linux/rmap.h`: running over
`mm include/linux/rmap.h` finds `<linux/rmap.h>` without `-I`; `<drv_types.h>` is a driver's
own `-I` directory, which neither we nor spatch guess). Includes are followed recursively, under any `#if` (spatch's --recursive-includes),
depth first: the order the preprocessor reads them in. A header not found is skipped;
`--verbose` tells which types were unknown as a result.

Following includes reads headers' bytes, never parses them: a header is parsed (without its
function bodies) only when a lookup reaches it and its text holds the name looked up
(refactor.c.symbols.SymbolIndex).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from refactor.c.symbol_cache import SymbolCache, content_key
from refactor.c.symbols import Facts, Include, Layer, SymbolIndex, facts_of, includes_in
from refactor.source import SourceFile

if TYPE_CHECKING:  # the C front end is imported when a file is parsed: a cached result needs none
    from refactor.c.definitions import ParsedFile


@dataclass(frozen=True, slots=True)
class HeaderSearch:
    """Where headers are looked for, and whether their Facts are cached on disk."""

    include_dirs: tuple[str, ...] = ()
    run_paths: tuple[str, ...] = ()  # the files and directories of the run (walked for .h on demand)
    cache_directory: str | None = None  # None: no disk cache
    follow_includes: bool = True  # False: no header at all (spatch's --no-includes)


@dataclass(frozen=True, slots=True)
class HeaderFile:
    path: str
    data: bytes
    includes: tuple[Include, ...]


class Headers:
    """Header files and their Facts for one HeaderSearch, memoized for the life of the process."""

    def __init__(self, search: HeaderSearch):
        self.search = search
        self.cache = SymbolCache(Path(search.cache_directory)) if search.cache_directory else None
        # header -> ((mtime, size) when read, the file or None if unreadable)
        self._files: dict[str, tuple[tuple[int, int], HeaderFile | None]] = {}
        self._facts: dict[str, Facts] = {}  # by content key
        self._resolved: dict[tuple[str, bool, str], str | None] = {}
        self._by_suffix: dict[str, str] | None = None
        self.parsed = 0  # headers parsed (not found in the disk cache), for benchmarks and tests
        # When a list: what this process consults, appended as it goes, for a cached result to
        # depend on (refactor.engine.result_cache): ("include", name, quoted, directory, found)
        # for each include resolved, ("header", path, content key or None) for each header read.
        self.recording: list[tuple] | None = None

    def index_for(self, parsed: ParsedFile) -> SymbolIndex:
        """The SymbolIndex of a parsed file: its own Facts, then those of the headers it reaches."""
        own = Layer(partial(self.own_facts, parsed))
        return SymbolIndex(chain([own], self._layers_of(parsed)))

    def _layers_of(self, parsed: ParsedFile) -> Iterator[Layer]:
        if not self.search.follow_includes:
            return
        yield from self.layers(parsed.source.path, includes_in(parsed.source.to_bytes()))

    def own_facts(self, parsed: ParsedFile) -> Facts:
        """The Facts of a file of the run, from the parse that matching uses (or, when that one
        skipped definitions no rule could match, from the disk cache or a parse of them all
        without function bodies, as a header's). A header's go to the disk cache too, so that a
        file including it later does not parse it again."""
        if parsed.complete:
            facts = facts_of_parsed(parsed)
            if self.cache is not None and parsed.source.path.endswith(".h"):
                self.cache.put(content_key(parsed.source.to_bytes()), facts)
            return facts
        key = content_key(parsed.source.to_bytes())
        facts = self.cache.get(key) if self.cache is not None else None
        if facts is None:
            from refactor.c.definitions import parse_source

            facts = facts_of_parsed(parse_source(parsed.source, bodies=False))
            if self.cache is not None:
                self.cache.put(key, facts)
        return facts

    def layers(self, path: str, includes: tuple[Include, ...]) -> Iterator[Layer]:
        """A Layer for every header reachable from `path`'s includes, depth first, each once;
        headers are opened as the iteration gets to them."""
        seen = {os.path.normpath(path)}
        stack: list[tuple[str, Include]] = [(path, include) for include in reversed(includes)]
        while stack:
            including, include = stack.pop()
            name = self.resolve(include, including)
            if name is None or name in seen:
                continue
            seen.add(name)
            header = self.header(name)
            if header is None:
                continue
            yield Layer(partial(self.facts, header), header.data)
            stack.extend((name, inner) for inner in reversed(header.includes))

    def resolve(self, include: Include, including: str) -> str | None:
        directory = os.path.dirname(including) if include.quoted else ""
        key = (include.name, include.quoted, directory)
        if key not in self._resolved:
            self._resolved[key] = self._find(include, directory)
        if self.recording is not None:
            self.recording.append(("include", *key, self._resolved[key]))
        return self._resolved[key]

    def still(self, consulted: tuple[tuple, ...]) -> bool:
        """Does each include of `consulted` (a recording) resolve as it did, and each header
        read have the same content?"""
        for entry in consulted:
            if entry[0] == "include":
                _, name, quoted, directory, found = entry
                if self._find(Include(name, quoted), directory) != found:
                    return False
            else:
                _, path, key = entry
                header = self.header(path)
                if (None if header is None else content_key(header.data)) != key:
                    return False
        return True

    def _find(self, include: Include, directory: str) -> str | None:
        places = ([directory] if include.quoted else []) + list(self.search.include_dirs)
        for place in places:
            candidate = os.path.normpath(os.path.join(place, include.name))
            if os.path.isfile(candidate):
                return candidate
        if "/" not in include.name:
            # `<drv_types.h>`: a driver's own -I directory, which we cannot guess (nor can spatch
            # without -I); `<linux/rmap.h>` names its place in the tree
            return None
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

    def header(self, path: str) -> HeaderFile | None:
        """A header's bytes and includes; None when it cannot be read. A header changed on disk
        since it was read (by a long-lived process) is read again."""
        try:
            status = os.stat(path)
            stamp = (status.st_mtime_ns, status.st_size)
        except OSError:
            if self.recording is not None:
                self.recording.append(("header", path, None))
            return None
        known = self._files.get(path)
        if known is not None and known[0] == stamp:
            if self.recording is not None:
                self.recording.append(("header", path, None if known[1] is None else content_key(known[1].data)))
            return known[1]
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            self._files[path] = (stamp, None)
            if self.recording is not None:
                self.recording.append(("header", path, None))
            return None
        header = HeaderFile(path, data, includes_in(data))
        self._files[path] = (stamp, header)
        if self.recording is not None:
            self.recording.append(("header", path, content_key(data)))
        return header

    def facts(self, header: HeaderFile) -> Facts:
        """A header's Facts: from memory, the disk cache, or parsing it without function bodies."""
        key = content_key(header.data)
        facts = self._facts.get(key)
        if facts is None and self.cache is not None:
            facts = self.cache.get(key)
        if facts is None:
            from refactor.c.definitions import parse_source

            facts = facts_of_parsed(parse_source(SourceFile.from_bytes(header.data, header.path), bodies=False))
            self.parsed += 1
            if self.cache is not None:
                self.cache.put(key, facts)
        self._facts[key] = facts
        return facts


def facts_of_parsed(parsed: ParsedFile) -> Facts:
    trees = [d.tree for d in parsed.definitions if d.tree is not None]
    return facts_of(trees, parsed.source.text)


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
