"""A progress bar for long runs: files done out of how many, the rate, and the time left.

Drawn by tqdm on stderr, and only when stderr is a terminal: in a pipe, under `2>file`, in CI
(`CI` set) or on a dumb terminal there is no bar at all, so that logs hold only messages. The bar
appears once the run has lasted a second (a short run stays clean) and is erased at the end.
Whatever is printed while it shows (diffs on the same terminal, notes on stderr) is printed
inside `suspended()`, which erases the bar first and redraws it after, so that no line is cut.
Without tqdm installed, runs are just silent.
"""
from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from typing import IO, Iterator

_DELAY_SECONDS = 1.0


def wanted(stream: IO[str]) -> bool:
    """Should a bar be drawn on `stream`?"""
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        return False
    return terminal and os.environ.get("CI", "") in ("", "0", "false") and os.environ.get("TERM") != "dumb"


class Progress:
    """Files done out of `total`, on `stream` when wanted there; otherwise does nothing."""

    def __init__(self, total: int, stream: IO[str] | None = None, unit: str = "file"):
        stream = sys.stderr if stream is None else stream
        self._bar = None
        self._started = time.monotonic()
        if total and wanted(stream):
            try:
                from tqdm import tqdm
            except ImportError:
                return
            self._bar = tqdm(total=total, unit=unit, file=stream, delay=_DELAY_SECONDS, leave=False,
                             dynamic_ncols=True, mininterval=0.2, smoothing=0.1)

    @property
    def shown(self) -> bool:
        return self._bar is not None

    def update(self, done: int) -> None:
        if self._bar is not None:
            self._bar.update(done)

    @contextmanager
    def suspended(self) -> Iterator[None]:
        """Erase the bar while the body prints, redraw it after."""
        if self._bar is None or time.monotonic() - self._started < _DELAY_SECONDS:
            yield  # not drawn yet
            return
        self._bar.clear()
        try:
            yield
        finally:
            self._bar.refresh()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
