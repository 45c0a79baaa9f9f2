"""The on-disk cache of parses: hits, misses, invalidation, and the same result either way."""
from __future__ import annotations

from pathlib import Path

import pytest

from refactor.c import definitions, parse_cache
from refactor.c.definitions import parse_source
from refactor.c.parse_cache import ParseCache
from refactor.source import SourceFile

CODE = (
    "typedef struct item item_t;\n"
    "static int a(item_t *p)\n{\n\treturn p->x + 1;\n}\n\n"
    "static int b(void)\n{\n#ifdef CONFIG_B\n\treturn 2;\n#else\n\treturn 3;\n#endif\n}\n\n"
    "int broken(void)\n{\n\treturn 1 +;\n}\n"
)


@pytest.fixture
def parsed_texts(monkeypatch) -> list[str]:
    """The text of every definition the parser is run on."""
    seen: list[str] = []
    real = definitions._parse_definition
    monkeypatch.setattr(definitions, "_parse_definition",
                        lambda text, span, *rest: seen.append(text[span.start:span.end]) or real(text, span, *rest))
    return seen


def outline(parsed) -> list:
    return [(d.span, d.tree, d.configuration, d.failure, d.tokens) for d in parsed.definitions]


def test_a_second_parse_of_the_same_text_comes_from_the_cache(tmp_path: Path, parsed_texts) -> None:
    cache = ParseCache(tmp_path)
    source = SourceFile("x.c", CODE)
    first = parse_source(source, cache=cache)
    assert len(parsed_texts) == 4
    second = parse_source(source, cache=cache)
    assert len(parsed_texts) == 4  # nothing parsed again
    assert second.tokens == first.tokens and second.directives == first.directives
    assert outline(second) == outline(first) == outline(parse_source(source))
    assert second.failures() and second.failures() == first.failures()


def test_a_changed_text_misses(tmp_path: Path, parsed_texts) -> None:
    cache = ParseCache(tmp_path)
    parse_source(SourceFile("x.c", CODE), cache=cache)
    parse_source(SourceFile("x.c", CODE.replace("return 2;", "return 20;")), cache=cache)
    assert len(parsed_texts) == 8


def test_another_code_version_misses(tmp_path: Path, parsed_texts, monkeypatch) -> None:
    cache = ParseCache(tmp_path)
    parse_source(SourceFile("x.c", CODE), cache=cache)
    monkeypatch.setattr(parse_cache, "code_version", lambda modules: "another-version")
    parse_source(SourceFile("x.c", CODE), cache=cache)
    assert len(parsed_texts) == 8
    parse_source(SourceFile("x.c", CODE), cache=cache)
    assert len(parsed_texts) == 8  # and that version's entry is there now


def test_type_names_from_elsewhere_and_bodies_are_part_of_the_key(tmp_path: Path, parsed_texts) -> None:
    cache = ParseCache(tmp_path)
    source = SourceFile("x.c", CODE)
    parse_source(source, cache=cache)
    parse_source(source, typedefs=frozenset({"u8"}), cache=cache)
    parse_source(source, bodies=False, cache=cache)
    assert len(parsed_texts) == 12
    assert outline(parse_source(source, bodies=False, cache=cache)) == outline(parse_source(source, bodies=False))


def test_definitions_skipped_once_are_parsed_and_added_later(tmp_path: Path, parsed_texts) -> None:
    cache = ParseCache(tmp_path)
    source = SourceFile("x.c", CODE)
    only_a = parse_source(source, worth_parsing=lambda text: "p->x" in text, cache=cache)
    assert [d.configuration for d in only_a.definitions] == ["skipped", "all", "skipped", "skipped"]
    assert len(parsed_texts) == 1
    everything = parse_source(source, cache=cache)
    assert len(parsed_texts) == 4  # the other three only
    assert outline(everything) == outline(parse_source(source))
    again = parse_source(source, worth_parsing=lambda text: "p->x" in text, cache=cache)
    assert outline(again) == outline(only_a) and len(parsed_texts) == 4 + 4  # the uncached parse above only


def test_a_damaged_entry_is_a_miss(tmp_path: Path, parsed_texts) -> None:
    cache = ParseCache(tmp_path)
    source = SourceFile("x.c", CODE)
    parse_source(source, cache=cache)
    (entry,) = tmp_path.rglob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:100])
    assert outline(parse_source(source, cache=cache)) == outline(parse_source(source))
    assert len(parsed_texts) == 4 + 4 + 4


def test_rerunning_an_edited_rule_parses_only_the_new_code(sample_tree: Path, tmp_path: Path, monkeypatch, parsed_texts) -> None:
    from click.testing import CliRunner

    from refactor.cli import main

    rule = tmp_path / "r.cocci"
    monkeypatch.chdir(sample_tree.parent)
    cache = tmp_path / "cache"
    first = "@@\nstruct anon_vma *av;\n@@\n- av->external_refcount\n+ av->refcount\n"
    rule.write_text(first)
    result = CliRunner().invoke(main, ["diff", "-j", "1", "--cache-dir", str(cache), str(rule), "sample-tree"])
    assert result.exit_code == 0 and result.stdout
    assert any((cache / "parsed").rglob("*.pickle"))
    cold = len(parsed_texts)
    rule.write_text(first.replace("av->refcount", "av->count"))
    del parsed_texts[:]
    result = CliRunner().invoke(main, ["diff", "-j", "1", "--cache-dir", str(cache), str(rule), "sample-tree"])
    assert result.exit_code == 0 and "anon_vma->count" in result.stdout
    changed = result.stdout.count("\n-")  # at most one changed definition per removed line
    assert cold > changed and 0 < len(parsed_texts) <= changed
    assert all("->count" in text for text in parsed_texts)
    second = list(parsed_texts)
    del parsed_texts[:]
    again = CliRunner().invoke(main, ["diff", "-j", "1", "--cache-dir", str(cache), str(rule), "sample-tree"])
    assert again.stdout == result.stdout and parsed_texts == second  # the new code, checked again
    # (With whole-file results cached, refactor.engine.result_cache, a rerun parses nothing at all.)
    monkeypatch.delenv("REFACTOR_NO_RESULT_CACHE")
    CliRunner().invoke(main, ["diff", "-j", "1", "--cache-dir", str(cache), str(rule), "sample-tree"])
    del parsed_texts[:]
    again = CliRunner().invoke(main, ["diff", "-j", "1", "--cache-dir", str(cache), str(rule), "sample-tree"])
    assert again.stdout == result.stdout and parsed_texts == []


def test_no_cache_writes_nothing(sample_tree: Path, tmp_path: Path, monkeypatch) -> None:
    from click.testing import CliRunner

    from refactor.cli import main

    rule = tmp_path / "r.cocci"
    rule.write_text("@@\nstruct anon_vma *av;\n@@\n- av->external_refcount\n+ av->refcount\n")
    monkeypatch.chdir(sample_tree.parent)
    cache = tmp_path / "cache"
    result = CliRunner().invoke(main, ["diff", "-j", "1", "--no-cache", "--cache-dir", str(cache), str(rule), "sample-tree"])
    assert result.exit_code == 0 and result.stdout
    assert not cache.exists()
