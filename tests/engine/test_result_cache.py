"""Cached whole-file results: a rerun of the same rule file computes nothing, and any change to
what a result depends on (the rule file, -D, the file, a header it consulted, which header an
include finds) computes it again."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from refactor.c import headers
from refactor.cli import main
from refactor.engine import run_files

RULE = "@@\nstruct s *p;\n@@\n- p->old\n+ p->new\n"
HEADER = "struct s { int old; };\nstruct t { int old; };\nstruct s *get(void);\n"
CODE = '#include <s.h>\n\nint f(void)\n{\n\treturn get()->old;\n}\n'


@pytest.fixture
def tree(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.delenv("REFACTOR_NO_RESULT_CACHE", raising=False)  # on, as for users
    monkeypatch.chdir(tmp_path)
    (tmp_path / "inc").mkdir()
    (tmp_path / "inc" / "s.h").write_text(HEADER)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.c").write_text(CODE)
    (tmp_path / "rule.cocci").write_text(RULE)
    return tmp_path


@pytest.fixture
def computed(monkeypatch) -> list[str]:
    """The files whose result was computed (not taken from the cache)."""
    seen: list[str] = []
    real = run_files._transform
    monkeypatch.setattr(run_files, "_transform", lambda patterns, defined, headers, source, *rest:
                        seen.append(source.path) or real(patterns, defined, headers, source, *rest))
    return seen


def diff(*extra: str) -> str:
    """`refactor diff`, as a new process runs it: with no header read before."""
    headers._HEADERS.clear()
    result = CliRunner().invoke(main, ["diff", "-j", "1", "--cache-dir", "cache", *extra, "rule.cocci", "src", "-I", "inc"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_rerun_of_the_same_rule_computes_and_compiles_nothing(tree: Path, computed: list[str], monkeypatch) -> None:
    first = diff()
    assert "+\treturn get()->new;" in first and computed == ["src/a.c"]
    from refactor.smpl import load

    monkeypatch.setattr(load, "load_rule_file", lambda *a, **k: pytest.fail("the rule was compiled again"))
    assert diff() == first and computed == ["src/a.c"]


def test_an_edited_file_or_rule_file_is_computed_again(tree: Path, computed: list[str]) -> None:
    first = diff()
    (tree / "src" / "a.c").write_text(CODE.replace("return", "return  "))
    assert diff() != first and len(computed) == 2
    (tree / "rule.cocci").write_text(RULE.replace("p->new", "p->newer"))
    assert "get()->newer" in diff() and len(computed) == 3
    (tree / "rule.cocci").write_text(RULE)
    (tree / "src" / "a.c").write_text(CODE)
    assert diff() == first and len(computed) == 3  # both as they were: the first result again


def test_a_changed_header_is_seen(tree: Path, computed: list[str]) -> None:
    assert "get()->new" in diff()
    (tree / "inc" / "s.h").write_text(HEADER.replace("struct s *get", "struct t *get"))
    assert diff() == "" and len(computed) == 2  # get() is a struct t * now: nothing to rename
    (tree / "inc" / "s.h").write_text(HEADER)
    assert "get()->new" in diff() and len(computed) == 3  # the entry holds the last result only
    assert "get()->new" in diff() and len(computed) == 3


def test_a_header_found_first_now_is_seen(tree: Path, computed: list[str]) -> None:
    (tree / "src" / "a.c").write_text(CODE.replace("<s.h>", '"s.h"'))
    assert "get()->new" in diff()
    # A quoted include is looked for beside the file first: this one hides inc/s.h.
    (tree / "src" / "s.h").write_text(HEADER.replace("struct s *get", "struct t *get"))
    assert diff() == "" and computed.count("src/a.c") == 2  # (src/s.h, a file of the run, is new)


def test_virtual_names_are_part_of_the_key(tree: Path, computed: list[str]) -> None:
    (tree / "rule.cocci").write_text("virtual on\n\n@depends on on@\nstruct s *p;\n@@\n- p->old\n+ p->new\n")
    assert diff() == "" and diff("-D", "on") != "" and diff() == "" and len(computed) == 1


def test_rule_files_that_run_python_are_not_cached(tree: Path, computed: list[str]) -> None:
    (tree / "rule.cocci").write_text(RULE + "\n@script:python@\n@@\nprint('here')\n")
    assert diff() == diff() and len(computed) == 2
    assert not (tree / "cache" / "results").exists()


def test_no_cache_and_the_environment_turn_it_off(tree: Path, computed: list[str], monkeypatch) -> None:
    diff("--no-cache")
    assert not (tree / "cache").exists()
    monkeypatch.setenv("REFACTOR_NO_RESULT_CACHE", "1")
    diff()
    diff()
    assert len(computed) == 3 and not (tree / "cache" / "results").exists() and (tree / "cache" / "parsed").exists()


def test_workers_compile_the_rules_when_a_file_misses(tree: Path) -> None:
    """With the summary cached, the parent compiles nothing; forked workers compile the rules
    on their first miss (the tests start workers even for small trees: tests/conftest.py)."""
    for name in ("b.c", "c.c", "d.c"):
        (tree / "src" / name).write_text(CODE.replace("f(void)", f"f_{name[0]}(void)"))
    first = diff()
    (tree / "src" / "c.c").write_text(CODE.replace("f(void)", "g(void)"))
    headers._HEADERS.clear()
    result = CliRunner().invoke(main, ["diff", "-j", "2", "--cache-dir", "cache", "rule.cocci", "src", "-I", "inc"])
    assert result.exit_code == 0, result.output
    assert result.stdout == first.replace("f_c(void)", "g(void)") and result.stdout.count("+\treturn get()->new;") == 4
