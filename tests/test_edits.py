"""apply_edits: edits against the original text, applied right to left, conflicts refused."""
from __future__ import annotations

import pickle

import pytest

from refactor.edits import Edit, EditConflict, apply_edits
from refactor.source import Span

ANON_VMA = """\
static inline void anon_vma_lock_write(struct anon_vma *anon_vma)
{
\tdown_write(&anon_vma->root->rwsem);
}

static void anon_vma_free(struct anon_vma *anon_vma)
{
\tVM_BUG_ON(atomic_read(&anon_vma->external_refcount));
\tif (rwsem_is_locked(&anon_vma->root->rwsem)) {
\t\tanon_vma_lock_write(anon_vma);
\t\tanon_vma_unlock_write(anon_vma);
\t}
\tkmem_cache_free(anon_vma_cachep, anon_vma);
}

static void drop_anon_vma(struct anon_vma *anon_vma)
{
\tif (atomic_dec_and_test(&anon_vma->external_refcount))
\t\tanon_vma_free(anon_vma);
}
"""


def span_of(text: str, needle: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return Span(start, start + len(needle))


def line_span(text: str, needle: str) -> Span:
    """The whole line holding `needle`, newline included."""
    at = text.index(needle)
    start = text.rfind("\n", 0, at) + 1
    return Span(start, text.index("\n", at) + 1)


def renames(text: str, old: str, new: str) -> list[Edit]:
    edits, at = [], text.find(old)
    while at >= 0:
        edits.append(Edit(Span(at, at + len(old)), new))
        at = text.find(old, at + 1)
    return edits


def test_no_edits_returns_the_text_itself():
    assert apply_edits(ANON_VMA, []) is ANON_VMA


def test_rename_every_use_of_a_field():
    edits = renames(ANON_VMA, "external_refcount", "refcount")
    assert len(edits) == 2
    result = apply_edits(ANON_VMA, edits)
    assert "external_refcount" not in result
    assert result == ANON_VMA.replace("external_refcount", "refcount")


def test_edits_may_come_in_any_order():
    edits = renames(ANON_VMA, "anon_vma_free", "anon_vma_release")
    assert apply_edits(ANON_VMA, edits) == apply_edits(ANON_VMA, list(reversed(edits)))


def test_replacements_of_different_lengths_keep_later_spans_valid():
    edits = [
        Edit(span_of(ANON_VMA, "down_write"), "down_write_nested"),
        Edit(span_of(ANON_VMA, "VM_BUG_ON"), "WARN_ON"),
        Edit(span_of(ANON_VMA, "kmem_cache_free"), "kfree_rcu_mightsleep"),
    ]
    result = apply_edits(ANON_VMA, edits)
    assert "\tdown_write_nested(&anon_vma->root->rwsem);\n" in result
    assert "\tWARN_ON(atomic_read(&anon_vma->external_refcount));\n" in result
    assert "\tkfree_rcu_mightsleep(anon_vma_cachep, anon_vma);\n" in result


def test_delete_whole_lines():
    edits = [
        Edit(line_span(ANON_VMA, "VM_BUG_ON"), ""),
        Edit(line_span(ANON_VMA, "anon_vma_unlock_write"), ""),
    ]
    result = apply_edits(ANON_VMA, edits)
    assert "VM_BUG_ON" not in result and "anon_vma_unlock_write" not in result
    assert result.count("\n") == ANON_VMA.count("\n") - 2
    assert "\t\tanon_vma_lock_write(anon_vma);\n\t}\n" in result


def test_adjacent_deletions_do_not_conflict():
    body = line_span(ANON_VMA, "if (rwsem_is_locked")
    inner = line_span(ANON_VMA, "\t\tanon_vma_lock_write")
    assert body.end == inner.start
    result = apply_edits(ANON_VMA, [Edit(inner, ""), Edit(body, "")])
    assert "rwsem_is_locked" not in result and "\t\tanon_vma_lock_write" not in result


def test_insert_a_line_before_a_statement():
    at = line_span(ANON_VMA, "kmem_cache_free").start
    result = apply_edits(ANON_VMA, [Edit(Span(at, at), "\tanon_vma_check(anon_vma);\n")])
    assert "\t}\n\tanon_vma_check(anon_vma);\n\tkmem_cache_free(" in result


def test_insertions_at_one_offset_keep_their_order():
    at = line_span(ANON_VMA, "kmem_cache_free").start
    first, second = Edit(Span(at, at), "\tfirst();\n"), Edit(Span(at, at), "\tsecond();\n")
    assert "\tfirst();\n\tsecond();\n\tkmem" in apply_edits(ANON_VMA, [first, second])
    assert "\tsecond();\n\tfirst();\n\tkmem" in apply_edits(ANON_VMA, [second, first])


def test_identical_edits_collapse():
    edit = Edit(span_of(ANON_VMA, "external_refcount"), "refcount")
    include = Edit(Span(0, 0), "#include <linux/rmap.h>\n")
    result = apply_edits(ANON_VMA, [edit, include, edit, include])
    assert result.startswith("#include <linux/rmap.h>\nstatic inline")
    assert result.count("#include") == 1
    assert result.count("refcount") == 2 and result.count("external_refcount") == 1


def test_insertion_at_either_end_of_a_replacement():
    span = span_of(ANON_VMA, "kmem_cache_free(anon_vma_cachep, anon_vma);")
    edits = [
        Edit(Span(span.end, span.end), " /* after */"),
        Edit(span, "anon_vma_put(anon_vma);"),
        Edit(Span(span.start, span.start), "/* before */ "),
    ]
    assert "\t/* before */ anon_vma_put(anon_vma); /* after */\n" in apply_edits(ANON_VMA, edits)


def test_overlapping_replacements_conflict():
    call = span_of(ANON_VMA, "atomic_read(&anon_vma->external_refcount)")
    field = span_of(ANON_VMA, "external_refcount")
    first, second = Edit(call, "refcount_read(&anon_vma->refcount)"), Edit(field, "refcount")
    with pytest.raises(EditConflict) as info:
        apply_edits(ANON_VMA, [second, first])
    assert (info.value.first, info.value.second) == (first, second)
    message = str(info.value)
    assert "refcount_read(&anon_vma->refcount)" in message and "'refcount'" in message
    assert f"{call.start}..{call.end}" in message and f"{field.start}..{field.end}" in message


def test_different_replacements_of_one_span_conflict():
    span = span_of(ANON_VMA, "external_refcount")
    with pytest.raises(EditConflict):
        apply_edits(ANON_VMA, [Edit(span, "refcount"), Edit(span, "ext_refs")])


def test_overlapping_deletions_conflict():
    function = span_of(ANON_VMA, "static void drop_anon_vma")
    whole = Span(function.start, len(ANON_VMA))
    statement = line_span(ANON_VMA, "atomic_dec_and_test")
    with pytest.raises(EditConflict) as info:
        apply_edits(ANON_VMA, [Edit(whole, ""), Edit(statement, "")])
    assert "delete" in str(info.value)


def test_insertion_inside_a_replaced_span_conflicts():
    span = span_of(ANON_VMA, "anon_vma_lock_write(anon_vma);")
    inside = span.start + len("anon_vma_lock_write(")
    with pytest.raises(EditConflict) as info:
        apply_edits(ANON_VMA, [Edit(span, "anon_vma_lock(anon_vma);"), Edit(Span(inside, inside), "x, ")])
    assert "insert 'x, '" in str(info.value)


def test_span_outside_the_text_is_an_error():
    with pytest.raises(ValueError):
        apply_edits("int x;\n", [Edit(Span(3, 20), "")])
    with pytest.raises(ValueError):
        apply_edits("int x;\n", [Edit(Span(4, 2), "")])


def test_edits_keep_crlf_and_undecodable_bytes_around_them():
    text = b"int x;\r\n/* caf\xe9 */\r\nint y;\r\n".decode("utf-8", "surrogateescape")
    result = apply_edits(text, [Edit(span_of(text, "y"), "z")])
    assert result.encode("utf-8", "surrogateescape") == b"int x;\r\n/* caf\xe9 */\r\nint z;\r\n"


def test_conflict_survives_pickling_for_process_pools():
    conflict = EditConflict(Edit(Span(0, 4), "a"), Edit(Span(2, 6), "b"))
    copy = pickle.loads(pickle.dumps(conflict))
    assert (copy.first, copy.second) == (conflict.first, conflict.second)
    assert str(copy) == str(conflict)
