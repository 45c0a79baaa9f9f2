"""runner: files in order, in one process or a pool, each under a time limit that never hangs the run."""
from __future__ import annotations

import time

import pytest

from refactor import runner


def _job(path: str) -> str:
    """Slow for names containing 'slow' (a busy loop and a sleep: both must be interrupted)."""
    if "slow" in path:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            pass
    if "sleepy" in path:
        time.sleep(30)
    return f"done {path}"


def _late(path: str, seconds: float) -> str:
    return f"timeout {path} {seconds:g}"


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_slow_file_times_out_and_the_run_goes_on(jobs: int) -> None:
    files = ["a.c", "slow.c", "b.c", "sleepy.c", "c.c"]
    started = time.monotonic()
    results = list(runner.run_each(_job, files, jobs, timeout=0.5, on_timeout=_late))
    assert results == ["done a.c", "timeout slow.c 0.5", "done b.c", "timeout sleepy.c 0.5", "done c.c"]
    assert time.monotonic() - started < 10


def test_without_a_timeout_the_job_runs_to_the_end() -> None:
    assert list(runner.run_each(_job, ["a.c", "b.c"], 1)) == ["done a.c", "done b.c"]


def test_time_limit_restores_the_previous_alarm_handler() -> None:
    import signal

    before = signal.getsignal(signal.SIGALRM)
    with runner.time_limit(5):
        pass
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_timeout_is_not_swallowed_by_except_exception() -> None:
    def job(path: str) -> str:
        try:
            time.sleep(30)
        except Exception:  # noqa: BLE001 - what a per-file error handler does
            return "swallowed"
        return "done"

    assert list(runner.run_each(job, ["x.c"], 1, timeout=0.3, on_timeout=_late)) == ["timeout x.c 0.3"]


def test_chunks_take_every_file_once_largest_first_and_shrink_towards_the_end() -> None:
    files = [f"f{i}.c" for i in range(400)]
    sizes = {f: (i * 7919) % 100_000 + 1 for i, f in enumerate(files)}
    sizes["f3.c"] = 50_000_000  # one huge file: a chunk of its own, first
    chunks = runner.balanced_chunks(files, sizes, jobs=2)
    flat = [i for chunk in chunks for i in chunk]
    assert sorted(flat) == list(range(400))
    assert chunks[0] == [3]
    assert [sizes[files[i]] for i in flat] == sorted(sizes.values(), reverse=True)
    chunk_bytes = [sum(sizes[files[i]] for i in chunk) for chunk in chunks[1:]]
    assert chunk_bytes[0] > chunk_bytes[-1]
    assert all(len(chunk) <= 128 for chunk in chunks)


def _where(path: str) -> str:
    import os

    return f"{path} in {os.getpid()}"


def test_results_come_in_file_order_whatever_order_the_workers_finish_in(tmp_path) -> None:
    files = []
    for i in range(40):
        path = tmp_path / f"{i:02}.c"
        path.write_bytes(b"x" * (1000 * ((i * 37) % 40 + 1)))  # sizes unrelated to the order
        files.append(str(path))
    done = []
    results = list(runner.run_each(_where, files, jobs=2, on_done=done.append))
    assert [r.split(" in ")[0] for r in results] == files
    assert sum(done) == len(files)


def test_a_few_small_files_are_done_in_this_process(tmp_path, monkeypatch) -> None:
    import os

    monkeypatch.setattr(runner, "_POOL_MIN_BYTES", 2 * 1024 * 1024)
    files = []
    for i in range(5):
        path = tmp_path / f"{i}.c"
        path.write_text("int x;\n")
        files.append(str(path))
    assert [r.split(" in ")[1] for r in runner.run_each(_where, files, jobs=2)] == [str(os.getpid())] * 5
    monkeypatch.setattr(runner, "_POOL_MIN_BYTES", 0)
    assert str(os.getpid()) not in {r.split(" in ")[1] for r in runner.run_each(_where, files, jobs=2)}


def test_the_first_files_are_done_here_until_a_pool_is_worth_starting(tmp_path, monkeypatch) -> None:
    import os

    monkeypatch.setattr(runner, "_POOL_AFTER_SECONDS", 0.3)
    files = []
    for i in range(6):
        path = tmp_path / f"{i}.c"
        path.write_text("int x;\n")
        files.append(str(path))
    here = [r.split(" in ")[1] == str(os.getpid()) for r in runner.run_each(_slow_where, files, jobs=2)]
    # 0.2 s each: the first one or two (on a busy machine) here, the rest in workers
    assert here[0] and not here[-1] and here == sorted(here, reverse=True)


def _slow_where(path: str) -> str:
    import time

    time.sleep(0.2)
    return _where(path)
