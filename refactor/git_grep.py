"""Files that cannot change, found by `git grep` before anything is read, where the paths given
are in a git work tree.

`git grep -L -F -e W1 -e W2 ... -- PATHS` lists the tracked files, as they are in the work tree,
that hold none of the words: git reads them with its own threads, faster than we can open them.
Only files git says it searched and found lacking are dropped, so whatever git does not search
(untracked files, submodules, a path it refuses) is still read and tested by the worker
(refactor.engine.run_files); a git that fails or is missing just drops nothing. `--all-match`
does not combine with `-L`, so the words are alternatives: the caller passes words of which any
file that may change holds one (refactor.engine.word_formula.grep_words). One thing git does its
own way: a file marked assume-unchanged or skip-worktree is searched as the index has it, not as
it is on disk (git's promise to ignore such a file's changes, everywhere).

git runs in the background, started before the tree is walked, so that both go on at once.
"""
from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from typing import IO, Iterable

from refactor.runner import C_SUFFIXES

# Above this many bytes of words, the command line is not worth it (and may not fit).
_MAX_WORD_BYTES = 64 * 1024


def toplevel(path: str) -> str | None:
    """The top directory of the git work tree holding `path`, or None (not in one, no git)."""
    directory = path if os.path.isdir(path) else (os.path.dirname(path) or ".")
    if not _may_be_in_git(directory):
        return None
    try:
        result = subprocess.run(
            ["git", "-C", directory, "rev-parse", "--show-toplevel"],
            capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    top = result.stdout.strip()
    return top if result.returncode == 0 and top else None


def _may_be_in_git(directory: str) -> bool:
    """False when git would find no repository for `directory`: no `.git` in it or above it
    (git looks for one from the real directory up) and no GIT_DIR or GIT_WORK_TREE to say
    where one is. Spares a plain tree two runs of git (a hundredth of a second)."""
    if os.environ.get("GIT_DIR") or os.environ.get("GIT_WORK_TREE"):
        return True
    here = os.path.realpath(directory)
    while True:
        if os.path.lexists(os.path.join(here, ".git")):
            return True
        parent = os.path.dirname(here)
        if parent == here:
            return False
        here = parent


@dataclass
class _Search:
    """One `git grep` over the paths given that lie in one work tree."""

    top: str
    paths: list[tuple[str, str]]  # (path as given, pathspec relative to top)
    process: subprocess.Popen
    output: IO[bytes]


@dataclass
class LackingFiles:
    """The git searches under way; `files()` waits for them."""

    searches: list[_Search] = field(default_factory=list)

    def files(self) -> set[str]:
        """The files (spelled as the walk of the paths given spells them) that git searched and
        found without any of the words."""
        lacking: set[str] = set()
        for search in self.searches:
            status = search.process.wait()
            search.output.seek(0)
            listed = search.output.read()
            search.output.close()
            if status not in (0, 1):  # 1: no file listed; more: an error, trust nothing
                continue
            for name in listed.decode("utf-8", "surrogateescape").split("\0"):
                if name:
                    lacking.update(_as_given(search, name))
        return lacking

    def cancel(self) -> None:
        for search in self.searches:
            if search.process.poll() is None:
                search.process.kill()
            search.process.wait()
            search.output.close()


def _as_given(search: _Search, name: str) -> Iterable[str]:
    """`name` (relative to the top) as the walk under each path given would spell it."""
    for given, spec in search.paths:
        if spec == ".":
            # git's names are normalized already: joining is all the walk's normpath would do
            yield name if given in (".", "./") else os.path.normpath(os.path.join(given, name))
        elif name == spec or name.startswith(spec + "/"):
            yield os.path.normpath(os.path.join(given, os.path.relpath(name, spec)))


def _pathspecs(path: str, spec: str) -> list[str]:
    """The .c and .h files of `spec` (relative to the top), as git pathspecs: a file as it is,
    a directory's files by their suffix (a pathspec's `*` crosses `/`); glob characters of the
    name itself escaped."""
    literal = re.sub(r"([*?\[\]\\])", r"\\\1", spec)
    if not os.path.isdir(path):
        return [literal]
    prefix = "" if spec == "." else literal + "/"
    return [f"{prefix}*{suffix}" for suffix in C_SUFFIXES]


def start(paths: Iterable[str], words: frozenset[str]) -> LackingFiles:
    """Start `git grep -L` for `words` over those of `paths` that are in git work trees."""
    found = LackingFiles()
    if not words or sum(len(w.encode("utf-8", "surrogateescape")) + 4 for w in words) > _MAX_WORD_BYTES:
        return found
    by_top: dict[str, list[tuple[str, str]]] = {}
    for path in paths:
        path = str(path)
        if os.path.islink(path):
            continue  # git would search the link, not what it points to
        top = toplevel(path)
        if top is None:
            continue
        spec = os.path.relpath(os.path.realpath(path), top)
        if spec == ".." or spec.startswith("../"):
            continue
        by_top.setdefault(top, []).append((path, spec.replace(os.sep, "/")))
    patterns = [arg for word in sorted(words) for arg in ("-e", word)]
    for top, given in by_top.items():
        output = tempfile.TemporaryFile()  # not a pipe: git must not wait for us to read
        command = ["git", "-C", top, "grep", "-L", "-z", "-F", "--no-color",
                   *patterns, "--", *sorted({p for _, spec in given for p in _pathspecs(os.path.join(top, spec), spec)})]
        try:
            process = subprocess.Popen(command, stdout=output, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        except OSError:
            output.close()
            continue
        found.searches.append(_Search(top, given, process, output))
    return found
