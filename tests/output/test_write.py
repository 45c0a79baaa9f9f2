"""write_atomic and clean_leftovers: in-place rewrites that keep what the user cares about."""
from __future__ import annotations

import os
import pickle
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from refactor.output.write import (
    TEMP_PREFIX, WriteError, clean_leftovers, digest, is_within, prepare_write, tree_roots, write_atomic,
)

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

OLD = (
    b"static void anon_vma_free(struct anon_vma *anon_vma)\n"
    b"{\n"
    b"\tVM_BUG_ON(atomic_read(&anon_vma->external_refcount));\n"
    b"}\n"
)
NEW = OLD.replace(b"external_refcount", b"refcount")


def temporaries(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(TEMP_PREFIX))


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "rmap.c"
    path.write_bytes(OLD)
    return path


def test_content_is_replaced(source):
    assert write_atomic(source, NEW) is True
    assert source.read_bytes() == NEW
    assert temporaries(source.parent) == []


def test_accepts_str_paths(source):
    assert write_atomic(str(source), NEW) is True
    assert source.read_bytes() == NEW


def test_unchanged_file_is_not_touched(source):
    past = time.time_ns() - 3600 * 10**9
    os.utime(source, ns=(past, past))
    inode = source.stat().st_ino
    assert write_atomic(source, OLD) is False
    assert source.stat().st_mtime_ns == past
    assert source.stat().st_ino == inode


@pytest.mark.parametrize("mode", [0o640, 0o755, 0o600, 0o664])
def test_mode_bits_are_kept(source, mode):
    os.chmod(source, mode)
    assert write_atomic(source, NEW)
    assert stat.S_IMODE(source.stat().st_mode) == mode


def test_executable_script_stays_executable(tmp_path):
    script = tmp_path / "checkpatch.sh"
    script.write_bytes(b"#!/bin/sh\necho old\n")
    os.chmod(script, 0o755)
    assert write_atomic(script, b"#!/bin/sh\necho new\n")
    assert os.access(script, os.X_OK)
    assert subprocess.run([str(script)], capture_output=True).stdout == b"new\n"


def test_bytes_that_are_not_utf8_are_kept(source):
    data = b"/* (c) J\xe9r\xf4me, Latin-1 */\nint x;\n\xff\xfe\n"
    assert write_atomic(source, data)
    assert source.read_bytes() == data


def test_crlf_is_kept(source):
    data = NEW.replace(b"\n", b"\r\n")
    assert write_atomic(source, data)
    assert source.read_bytes() == data


def test_read_only_file_is_refused_and_left_intact(source):
    os.chmod(source, 0o444)
    try:
        with pytest.raises(WriteError) as info:
            write_atomic(source, NEW)
        assert "read-only" in str(info.value) and str(source) in str(info.value)
        assert source.read_bytes() == OLD
        assert stat.S_IMODE(source.stat().st_mode) == 0o444
        assert temporaries(source.parent) == []
    finally:
        os.chmod(source, 0o644)


def test_read_only_file_with_nothing_to_change_is_fine(source):
    os.chmod(source, 0o444)
    try:
        assert write_atomic(source, OLD) is False
    finally:
        os.chmod(source, 0o644)


@pytest.mark.skipif(IS_ROOT, reason="root may write into any directory")
def test_directory_without_write_permission(source):
    directory = source.parent
    os.chmod(directory, 0o555)
    try:
        with pytest.raises(WriteError) as info:
            write_atomic(source, NEW)
        assert "temporary file" in str(info.value)
    finally:
        os.chmod(directory, 0o755)
    assert source.read_bytes() == OLD
    assert temporaries(directory) == []


def test_missing_file_and_directory_are_errors(tmp_path):
    with pytest.raises(WriteError, match="no such file"):
        write_atomic(tmp_path / "absent.c", NEW)
    with pytest.raises(WriteError, match="not a regular file"):
        write_atomic(tmp_path, NEW)


def test_symlink_is_written_through_and_kept(tmp_path):
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    target = real_dir / "rmap.c"
    target.write_bytes(OLD)
    os.chmod(target, 0o640)
    links = tmp_path / "links"
    links.mkdir()
    link = links / "rmap.c"
    link.symlink_to(Path("..") / "real" / "rmap.c")
    assert write_atomic(link, NEW)
    assert link.is_symlink() and os.readlink(link) == str(Path("..") / "real" / "rmap.c")
    assert target.read_bytes() == NEW
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert temporaries(links) == [] and temporaries(real_dir) == []


def test_chain_of_symlinks(tmp_path):
    target = tmp_path / "rmap.c"
    target.write_bytes(OLD)
    (tmp_path / "one.c").symlink_to("rmap.c")
    (tmp_path / "two.c").symlink_to("one.c")
    assert write_atomic(tmp_path / "two.c", NEW)
    assert target.read_bytes() == NEW
    assert (tmp_path / "two.c").is_symlink() and (tmp_path / "one.c").is_symlink()


def test_failure_mid_write_removes_the_temporary(source, monkeypatch):
    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(WriteError, match="no space left"):
        write_atomic(source, NEW)
    assert source.read_bytes() == OLD
    assert temporaries(source.parent) == []


def test_write_error_pickles(source):
    error = WriteError(source, "file is read-only")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.path, copy.reason, str(copy)) == (error.path, error.reason, str(error))


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_clean_leftovers_of_dead_and_old_runs(tmp_path):
    (tmp_path / "rmap.c").write_bytes(OLD)
    dead = tmp_path / f"{TEMP_PREFIX}{dead_pid()}-rmap.c.k2j4h1"
    dead.write_bytes(NEW)
    live_recent = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-rmap.c.a8d7f6"
    live_recent.write_bytes(NEW)
    live_old = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-mmap.c.q9w8e7"
    live_old.write_bytes(NEW)
    hour_ago = time.time() - 3600
    os.utime(live_old, (hour_ago, hour_ago))
    not_ours = tmp_path / ".refactorings.txt"
    not_ours.write_bytes(b"notes\n")
    a_directory = tmp_path / f"{TEMP_PREFIX}1-dir"
    a_directory.mkdir()

    removed = clean_leftovers(tmp_path)

    assert sorted(removed) == sorted([dead, live_old])
    assert not dead.exists() and not live_old.exists()
    assert live_recent.exists() and not_ours.exists() and a_directory.is_dir()
    assert (tmp_path / "rmap.c").read_bytes() == OLD


def test_clean_leftovers_of_a_missing_directory(tmp_path):
    assert clean_leftovers(tmp_path / "absent") == []


def test_prepared_write_changes_nothing_until_commit(source):
    pending = prepare_write(source, NEW)
    assert source.read_bytes() == OLD
    assert temporaries(source.parent) == [pending.temp.name]
    assert pending.temp.read_bytes() == NEW
    pending.commit()
    assert source.read_bytes() == NEW and temporaries(source.parent) == []


def test_discarded_write_leaves_the_file_and_no_temporary(source):
    os.chmod(source, 0o640)
    pending = prepare_write(source, NEW)
    assert stat.S_IMODE(pending.temp.stat().st_mode) == 0o640  # ready to be renamed as it is
    pending.discard()
    assert source.read_bytes() == OLD and temporaries(source.parent) == []


def test_prepare_of_unchanged_content_is_nothing(source):
    assert prepare_write(source, OLD) is None
    assert temporaries(source.parent) == []


def test_tree_roots_resolve_directories_but_not_a_named_file(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "a.c").write_bytes(OLD)
    (tmp_path / "dirlink").symlink_to("real")
    (tmp_path / "filelink.c").symlink_to("real/a.c")
    roots = tree_roots([tmp_path / "dirlink", tmp_path / "filelink.c"])
    assert roots == (str(real.resolve()), str(tmp_path.resolve() / "filelink.c"))
    assert is_within(tmp_path / "dirlink" / "a.c", roots)
    assert is_within(real / "a.c", roots)
    # The named link resolves to real/a.c: inside only because dirlink names real/ too.
    assert not is_within(tmp_path / "filelink.c", tree_roots([tmp_path / "filelink.c"]))
    assert not is_within(tmp_path / "realx" / "a.c", tree_roots([real]))  # a prefix is not a parent


def test_a_symlink_out_of_the_tree_is_not_written_through(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    outside = tmp_path / "outside.c"
    outside.write_bytes(OLD)
    link = tree / "rmap.c"
    link.symlink_to(outside)
    with pytest.raises(WriteError, match="outside the paths given"):
        write_atomic(link, NEW, within=tree_roots([tree]))
    assert outside.read_bytes() == OLD and link.is_symlink()
    assert temporaries(tree) == [] and temporaries(tmp_path) == []
    inside = tree / "real.c"
    inside.write_bytes(OLD)
    (tree / "alias.c").symlink_to("real.c")
    assert write_atomic(tree / "alias.c", NEW, within=tree_roots([tree]))  # a link inside the tree is fine
    assert inside.read_bytes() == NEW


def test_interrupt_while_writing_the_temporary_leaves_no_temporary(source, monkeypatch):
    def interrupted(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(source, NEW)
    assert source.read_bytes() == OLD and temporaries(source.parent) == []


def test_ctrl_c_during_a_write_waits_for_the_write_to_finish(source, monkeypatch):
    import signal

    real_fsync = os.fsync

    def fsync_and_get_interrupted(fd):
        os.kill(os.getpid(), signal.SIGINT)  # as if the user pressed Ctrl-C right now
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync_and_get_interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(source, NEW)
    assert source.read_bytes() == NEW  # the write completed, then the interrupt was delivered
    assert temporaries(source.parent) == []


def test_a_file_saved_since_it_was_read_is_not_overwritten(source):
    read = source.read_bytes()
    source.write_bytes(OLD + b"/* the maintainer's edit */\n")  # saved by an editor meanwhile
    with pytest.raises(WriteError, match="changed on disk since it was read"):
        write_atomic(source, NEW, was=digest(read))
    assert source.read_bytes().endswith(b"/* the maintainer's edit */\n")
    assert temporaries(source.parent) == []
    assert write_atomic(source, NEW, was=digest(source.read_bytes()))  # read again: fine
