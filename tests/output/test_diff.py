"""unified_diff: byte for byte what `diff -u -p` prints, and patches that git and patch apply."""
from __future__ import annotations

import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from refactor.output.diff import unified_diff

GNU_DIFF = shutil.which("diff")
GIT = shutil.which("git")
PATCH = shutil.which("patch")


def _is_gnu_diff() -> bool:
    if not GNU_DIFF:
        return False
    result = subprocess.run([GNU_DIFF, "--version"], capture_output=True, text=True)
    return "GNU diffutils" in result.stdout


needs_gnu_diff = pytest.mark.skipif(not _is_gnu_diff(), reason="GNU diff is not installed")


def encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


def decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def gnu_diff(tmp_path: Path, old: str, new: str, path: str, context: int = 3) -> bytes:
    (tmp_path / "old").write_bytes(encode(old))
    (tmp_path / "new").write_bytes(encode(new))
    result = subprocess.run(
        [GNU_DIFF, f"-U{context}", "-p", "--label", f"a/{path}", "--label", f"b/{path}",
         str(tmp_path / "old"), str(tmp_path / "new")],
        capture_output=True, env={**os.environ, "LC_ALL": "C"},
    )
    assert result.returncode in (0, 1), result.stderr
    return result.stdout


# --- C that looks like the kernel's ------------------------------------------------------------

RMAP = """\
// SPDX-License-Identifier: GPL-2.0-only
/*
 * mm/rmap.c - physical to virtual reverse mappings
 */
#include <linux/mm.h>
#include <linux/rmap.h>

static struct kmem_cache *anon_vma_cachep;

static inline struct anon_vma *anon_vma_alloc(void)
{
\tstruct anon_vma *anon_vma;

\tanon_vma = kmem_cache_alloc(anon_vma_cachep, GFP_KERNEL);
\tif (anon_vma) {
\t\tatomic_set(&anon_vma->external_refcount, 1);
\t\tanon_vma->degree = 1;
\t\tanon_vma->parent = anon_vma;
\t\tanon_vma->root = anon_vma;
\t}

\treturn anon_vma;
}

static inline void anon_vma_free(struct anon_vma *anon_vma)
{
\tVM_BUG_ON(atomic_read(&anon_vma->external_refcount));

\t/*
\t * Synchronize against folio_lock_anon_vma_read() such that
\t * we can safely hold the lock without the anon_vma getting
\t * freed.
\t */
\tmight_sleep();
\tif (rwsem_is_locked(&anon_vma->root->rwsem)) {
\t\tanon_vma_lock_write(anon_vma);
\t\tanon_vma_unlock_write(anon_vma);
\t}

\tkmem_cache_free(anon_vma_cachep, anon_vma);
}

static inline struct anon_vma_chain *anon_vma_chain_alloc(gfp_t gfp)
{
\treturn kmem_cache_alloc(anon_vma_chain_cachep, gfp);
}

static void anon_vma_chain_free(struct anon_vma_chain *anon_vma_chain)
{
\tkmem_cache_free(anon_vma_chain_cachep, anon_vma_chain);
}

static void anon_vma_chain_link(struct vm_area_struct *vma,
\t\t\t\tstruct anon_vma_chain *avc,
\t\t\t\tstruct anon_vma *anon_vma)
{
\tavc->vma = vma;
\tavc->anon_vma = anon_vma;
\tlist_add(&avc->same_vma, &vma->anon_vma_chain);
\tanon_vma_interval_tree_insert(avc, &anon_vma->rb_root);
}

void __put_anon_vma(struct anon_vma *anon_vma)
{
\tstruct anon_vma *root = anon_vma->root;

\tanon_vma_free(anon_vma);
\tif (root != anon_vma && atomic_dec_and_test(&root->external_refcount))
\t\tanon_vma_free(root);
}
"""


LONG_UTF8 = (
    "static const char *xxxxxxxxxxxxxxxxxxxx\u00e9t\u00e9_name(void)\n{\n\ta();\n\tb();\n\tc();\n\td();\n}\n"
)


def drop_line(text: str, needle: str) -> str:
    lines = text.splitlines(keepends=True)
    return "".join(line for line in lines if needle not in line)


CASES = {
    "rename_inside_a_function": (RMAP, RMAP.replace("might_sleep();", "might_sleep_if(true);")),
    "rename_everywhere": (RMAP, RMAP.replace("external_refcount", "refcount")),
    "change_at_top": (RMAP, RMAP.replace("// SPDX-License-Identifier: GPL-2.0-only",
                                         "// SPDX-License-Identifier: GPL-2.0")),
    "insert_at_top": (RMAP, "#define pr_fmt(fmt) \"rmap: \" fmt\n" + RMAP),
    "change_near_end": (RMAP, RMAP.replace("\t\tanon_vma_free(root);", "\t\tanon_vma_free(root->parent);")),
    "append_at_end": (RMAP, RMAP + "\nEXPORT_SYMBOL(__put_anon_vma);\n"),
    "two_hunks_merged": (RMAP, RMAP.replace("avc->vma = vma;", "avc->vma = NULL;")
                         .replace("list_add(&avc->same_vma", "list_add_tail(&avc->same_vma")),
    "two_hunks_far_apart": (RMAP, RMAP.replace("GFP_KERNEL", "GFP_NOWAIT")
                            .replace("struct anon_vma *root = anon_vma->root;",
                                     "struct anon_vma *root = READ_ONCE(anon_vma->root);")),
    "delete_lines": (RMAP, drop_line(drop_line(RMAP, "anon_vma_lock_write(anon_vma)"),
                                     "anon_vma_unlock_write(anon_vma)")),
    "delete_a_function": (RMAP, RMAP.replace(
        "static void anon_vma_chain_free(struct anon_vma_chain *anon_vma_chain)\n{\n"
        "\tkmem_cache_free(anon_vma_chain_cachep, anon_vma_chain);\n}\n\n", "")),
    "old_without_final_newline": (RMAP.rstrip("\n"), RMAP),
    "new_without_final_newline": (RMAP, RMAP.rstrip("\n")),
    "both_without_final_newline_last_line_changed": (
        RMAP.rstrip("\n"), RMAP.rstrip("\n").replace("anon_vma_free(root);", "anon_vma_put(root);")),
    "both_without_final_newline_change_elsewhere": (
        RMAP.rstrip("\n"), RMAP.rstrip("\n").replace("GFP_KERNEL", "GFP_ATOMIC")),
    "crlf": (RMAP.replace("\n", "\r\n"), RMAP.replace("\n", "\r\n").replace("degree = 1", "degree = 0")),
    "crlf_function_line": (RMAP.replace("\n", "\r\n"),
                           RMAP.replace("\n", "\r\n").replace("kmem_cache_alloc(anon_vma_chain",
                                                               "kmem_cache_zalloc(anon_vma_chain")),
    "crlf_short_function_line": ("int init(void)\r\n{\r\n\ta();\r\n\tb();\r\n\tc();\r\n\td();\r\n}\r\n",
                                 "int init(void)\r\n{\r\n\ta();\r\n\tb();\r\n\tc();\r\n\te();\r\n}\r\n"),
    "not_utf8": (RMAP.replace("reverse mappings", "reverse mappings, (c) J\udce9r\udcf4me"),
                 RMAP.replace("reverse mappings", "reverse mappings, (c) J\udce9r\udcf4me")
                 .replace("might_sleep();", "cond_resched();")),
    "empty_old": ("", RMAP),
    "function_line_cut_inside_a_character": (LONG_UTF8, LONG_UTF8.replace("d();", "e();")),
    "empty_new": (RMAP, ""),
    "ambiguous_blank_line_deletion": (RMAP, RMAP.replace("}\n\n\n", "}\n\n").replace(
        "\n\nstatic void anon_vma_chain_free", "\n\n\nstatic void anon_vma_chain_free")),
}


@needs_gnu_diff
@pytest.mark.parametrize("name", sorted(CASES))
def test_same_bytes_as_gnu_diff(tmp_path, name):
    old, new = CASES[name]
    assert old != new
    ours = unified_diff(old, new, "mm/rmap.c")
    assert encode(ours) == gnu_diff(tmp_path, old, new, "mm/rmap.c")


@needs_gnu_diff
@pytest.mark.parametrize("context", [0, 1, 5])
def test_same_bytes_as_gnu_diff_with_other_context(tmp_path, context):
    old, new = CASES["two_hunks_far_apart"]
    assert encode(unified_diff(old, new, "mm/rmap.c", context)) == gnu_diff(
        tmp_path, old, new, "mm/rmap.c", context)


@needs_gnu_diff
def test_same_bytes_as_gnu_diff_on_random_edits_of_repetitive_code(tmp_path):
    """Repeated lines (`}`, blank, `return 0;`) are where several alignments tie: diff's choice wins."""
    vocab = ["{\n", "}\n", "\n", "\treturn 0;\n", "static int probe(void)\n", "\tret++;\n",
             "\tif (ret)\n", "\t\tgoto out;\n", "out:\n", "\tkfree(p);\n"]
    rng = random.Random(20240601)
    for _ in range(150):
        old = [rng.choice(vocab) for _ in range(rng.randint(0, 40))]
        new = list(old)
        for _ in range(rng.randint(1, 5)):
            if new and rng.random() < 0.5:
                del new[rng.randrange(len(new))]
            else:
                new.insert(rng.randint(0, len(new)), rng.choice(vocab))
        a, b = "".join(old), "".join(new)
        assert encode(unified_diff(a, b, "x.c")) == gnu_diff(tmp_path, a, b, "x.c"), (a, b)


# --- header details, pinned without GNU diff -----------------------------------------------------

def test_equal_texts_give_no_diff():
    assert unified_diff(RMAP, RMAP, "mm/rmap.c") == ""


def test_function_name_in_hunk_header():
    old, new = CASES["rename_inside_a_function"]
    diff = unified_diff(old, new, "mm/rmap.c")
    assert diff.startswith("--- a/mm/rmap.c\n+++ b/mm/rmap.c\n@@ -")
    # The first 40 bytes of the line before the hunk that starts with a letter, less the space
    # they end with: "static inline void anon_vma_free(struct " is 40 bytes.
    assert diff.splitlines()[2] == "@@ -31,7 +31,7 @@ static inline void anon_vma_free(struct"


def test_function_name_cut_in_bytes_not_characters():
    """`é` straddles byte 40: diff prints its first byte alone, and so must we."""
    diff = unified_diff(LONG_UTF8, LONG_UTF8.replace("d();", "e();"), "x.c")
    function = diff.splitlines()[2].split("@@ ", 2)[-1]
    assert encode(function) == b"static const char *xxxxxxxxxxxxxxxxxxxx\xc3"


def test_function_line_loses_its_carriage_return():
    old, new = CASES["crlf_short_function_line"]
    assert unified_diff(old, new, "x.c").splitlines(keepends=True)[2] == "@@ -3,5 +3,5 @@ int init(void)\n"


def test_counts_of_one_and_zero():
    old = "int a;\n"
    assert unified_diff(old, "int b;\n", "x.c") == "--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-int a;\n+int b;\n"
    assert unified_diff("", old, "x.c") == "--- a/x.c\n+++ b/x.c\n@@ -0,0 +1 @@\n+int a;\n"
    assert unified_diff(old, "", "x.c") == "--- a/x.c\n+++ b/x.c\n@@ -1 +0,0 @@\n-int a;\n"


def test_missing_final_newline_marker_on_the_right_side():
    diff = unified_diff("int a;\nint b;", "int a;\nint c;\n", "x.c")
    assert diff.endswith("-int b;\n\\ No newline at end of file\n+int c;\n")


def test_paths_use_forward_slashes_and_stay_relative():
    assert unified_diff("a\n", "b\n", "./drivers/gpu/../gpu/x.c").startswith(
        "--- a/drivers/gpu/../gpu/x.c\n+++ b/drivers/gpu/../gpu/x.c\n")
    with pytest.raises(ValueError):
        unified_diff("a\n", "b\n", "/abs/x.c")


# --- the patches apply ---------------------------------------------------------------------------



def write_tree(root: Path, path: str, text: str) -> Path:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(encode(text))
    return target


@pytest.mark.skipif(not GIT, reason="git is not installed")
@pytest.mark.parametrize("name", sorted(CASES))
def test_git_apply_accepts(tmp_path, name):
    old, new = CASES[name]
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run([GIT, "init", "-q", str(repo)], check=True)
    subprocess.run([GIT, "-C", str(repo), "config", "core.autocrlf", "false"], check=True)
    target = write_tree(repo, "mm/rmap.c", old)
    patch = tmp_path / "fix.patch"
    patch.write_bytes(encode(unified_diff(old, new, "mm/rmap.c")))
    check = subprocess.run([GIT, "-C", str(repo), "apply", "--check", str(patch)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    subprocess.run([GIT, "-C", str(repo), "apply", str(patch)], check=True)
    assert target.read_bytes() == encode(new)


@pytest.mark.skipif(not PATCH, reason="patch is not installed")
@pytest.mark.parametrize("name", sorted(CASES))
def test_patch_p1_accepts(tmp_path, name):
    old, new = CASES[name]
    tree = tmp_path / "tree"
    target = write_tree(tree, "mm/rmap.c", old)
    patch = tmp_path / "fix.patch"
    patch.write_bytes(encode(unified_diff(old, new, "mm/rmap.c")))
    dry = subprocess.run([PATCH, "-p1", "--dry-run", "-i", str(patch)], cwd=tree,
                         capture_output=True, text=True)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    subprocess.run([PATCH, "-p1", "-s", "-i", str(patch)], cwd=tree, check=True)
    assert target.read_bytes() == encode(new)
