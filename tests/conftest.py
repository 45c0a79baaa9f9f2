"""Shared helpers for tests: parse C snippets and look into the result."""
from __future__ import annotations

from pathlib import Path

import pytest

from refactor import parse_c
from refactor.c.definitions import ParsedFile
from refactor.c.roundtrip import problems

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_TREE = ROOT / "sample-tree"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def parse_ok(text: str) -> ParsedFile:
    """Parse `text`, asserting that every definition parsed and that nothing was lost."""
    parsed = parse_c(text, "snippet.c")
    failures = [f.describe(parsed.source) for f in parsed.failures()]
    assert not failures, "\n".join(failures)
    assert not problems(parsed, text.encode("utf-8", "surrogateescape"))
    return parsed


def node_kinds(parsed: ParsedFile) -> list[str]:
    return [n.kind for d in parsed.definitions if d.tree for n in d.tree.nodes()]


def nodes_of(parsed: ParsedFile, kind: str) -> list[str]:
    """The source text of every node of `kind`."""
    text = parsed.source.text
    return [text[n.start:n.end] for d in parsed.definitions if d.tree for n in d.tree.nodes(kind)]


def token_kinds(parsed: ParsedFile) -> dict[str, str]:
    """Text -> kind of every token the parser saw (the last one wins for repeated words)."""
    text = parsed.source.text
    return {text[t.start:t.end]: t.kind for d in parsed.definitions for t in d.tokens}


@pytest.fixture(autouse=True, scope="session")
def _symbol_cache_of_the_session(tmp_path_factory) -> None:
    """Header declarations cached by CLI runs go to a directory of this session, not the user's."""
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("REFACTOR_CACHE_DIR", str(tmp_path_factory.mktemp("refactor-cache")))
    # Whole-file results are not cached across tests: a test that patches the code (to make a
    # file fail, say) would leave results that another test, with the same rule and file, finds.
    # The tests of that cache turn it on (tests/engine/test_result_cache.py).
    monkeypatch.setenv("REFACTOR_NO_RESULT_CACHE", "1")
    yield
    monkeypatch.undo()


@pytest.fixture(autouse=True, scope="session")
def _workers_even_for_small_trees() -> None:
    """`-j 2` on the small trees of the tests means worker processes, as it does on a kernel
    (refactor.runner does small amounts of work in-process; tests/test_runner.py checks that)."""
    from refactor import runner

    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(runner, "_POOL_MIN_BYTES", 0)
    monkeypatch.setattr(runner, "_POOL_AFTER_SECONDS", 0)
    yield
    monkeypatch.undo()


@pytest.fixture
def sample_tree() -> Path:
    if not SAMPLE_TREE.is_dir():
        pytest.skip("sample-tree/ is missing")
    return SAMPLE_TREE
