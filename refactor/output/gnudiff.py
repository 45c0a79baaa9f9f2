"""Which lines of two texts changed, chosen exactly as GNU diff chooses them.

Which lines pair up. Many edit scripts are equally short, and people compare patches, so the choice
is GNU diff's, ported from diffutils (analyze.c, io.c, gnulib's diffseq.h): the common prefix and
suffix are set aside except for `context` "horizon" lines at each side; lines that match nothing in
the other file are discarded before the search (`discard_confusing_lines`); Myers' O(ND) search with
its middle snake and diff's cut-off for expensive searches (`diag`, `compareseq`); then each run of
changes is slid down as far as it goes and back up to line up with a change in the other file
(`shift_boundaries`). Only diff's default options are ported (no -d, no --speed-large-files).
"""
from __future__ import annotations

Change = tuple[int, int, int, int]  # (first line in old, lines deleted, first line in new, inserted)


# --- which lines changed: GNU diff's algorithm ---------------------------------------------------

def line_changes(old: str, new: str, a: list[str], b: list[str], horizon: int) -> list[Change]:
    """The changes GNU diff finds between the lines `a` of `old` and `b` of `new`, in order."""
    first, end_a, end_b = _buffered_lines(old, new, horizon)
    ids: dict[str, int] = {}
    equivs_a = [ids.setdefault(line, len(ids)) for line in a[first:end_a]]
    equivs_b = [ids.setdefault(line, len(ids)) for line in b[first:end_b]]
    changed_a = [False] * len(equivs_a)
    changed_b = [False] * len(equivs_b)
    xv, x_real, yv, y_real = _discard_confusing_lines(equivs_a, equivs_b, changed_a, changed_b)
    _compareseq(xv, yv, x_real, y_real, changed_a, changed_b)
    _shift_boundaries(equivs_a, changed_a, changed_b)
    _shift_boundaries(equivs_b, changed_b, changed_a)
    return [(i + first, d, j + first, n) for i, d, j, n in _build_script(changed_a, changed_b)]


def _buffered_lines(old: str, new: str, horizon: int) -> tuple[int, int, int]:
    """Lines diff looks at: [first, end_a) of old and [first, end_b) of new (io.c find_identical_ends).

    The identical prefix and suffix are found on bytes, as diff does, then widened to whole lines
    and `horizon` more lines, which the later stages may slide changes into.
    """
    x, y = old.encode("utf-8", "surrogateescape"), new.encode("utf-8", "surrogateescape")
    missing_x, missing_y = bool(x) and x[-1:] != b"\n", bool(y) and y[-1:] != b"\n"
    x, y = x + b"\n" * missing_x, y + b"\n" * missing_y  # diff completes the last line, and says so
    n0, n1 = len(x), len(y)
    p = _common_prefix(x, y)
    if (n0 - missing_x < p) != (n1 - missing_y < p):  # a missing newline is not part of the prefix
        p -= 1
    hor = horizon
    while p and (x[p - 1] != 0x0A or hor):
        if x[p - 1] == 0x0A:
            hor -= 1
        p -= 1
    prefix_end = p
    p0, p1 = n0, n1
    if missing_x == missing_y:
        k = min(_common_suffix(x, y), min(n0, n1) - prefix_end)
        p0, p1 = n0 - k, n1 - k
        beg0 = p0
        at_line_start = (p0 == 0 or x[p0 - 1] == 0x0A) and (p1 == 0 or y[p1 - 1] == 0x0A)
        for _ in range(horizon + (not at_line_start)):
            if p0 == n0:
                break
            p0 = x.index(b"\n", p0) + 1
        p1 += p0 - beg0
    first = x.count(b"\n", 0, prefix_end)
    return first, first + x.count(b"\n", prefix_end, p0), first + y.count(b"\n", prefix_end, p1)


def _common_prefix(x: bytes, y: bytes) -> int:
    lo, hi = 0, min(len(x), len(y))
    while lo < hi:  # binary search on slice equality: memcmp speed, no Python loop per byte
        mid = (lo + hi + 1) // 2
        if x[:mid] == y[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_suffix(x: bytes, y: bytes) -> int:
    lo, hi = 0, min(len(x), len(y))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if x[len(x) - mid:] == y[len(y) - mid:]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _discard_confusing_lines(equivs_a, equivs_b, changed_a, changed_b):
    """Set aside lines that match nothing in the other file (analyze.c, same name).

    They are changes for certain, and leaving them out keeps the search small. Lines that match
    very many lines are discarded too when they sit inside a run of such lines. Returns the kept
    lines of each file and their real indexes.
    """
    counts: list[dict[int, int]] = [{}, {}]
    for f, equivs in enumerate((equivs_a, equivs_b)):
        for e in equivs:
            counts[f][e] = counts[f].get(e, 0) + 1
    result = []
    for f, (equivs, changed) in enumerate(((equivs_a, changed_a), (equivs_b, changed_b))):
        end = len(equivs)
        other = counts[1 - f]
        many, tem = 5, end // 64
        while (tem := tem >> 2) > 0:  # about 5 * sqrt(end / 64)
            many *= 2
        discards = [0] * end
        for i, e in enumerate(equivs):
            nmatch = other.get(e, 0)
            if nmatch == 0:
                discards[i] = 1
            elif nmatch > many:
                discards[i] = 2
        _keep_provisional_only_inside_runs(discards)
        kept, real = [], []
        for i, e in enumerate(equivs):
            if discards[i]:
                changed[i] = True
            else:
                kept.append(e)
                real.append(i)
        result += [kept, real]
    return result


def _keep_provisional_only_inside_runs(discards: list[int]) -> None:
    """Cancel provisional discards (2) except in the middle of runs of sure ones (1), as diff does."""
    end = len(discards)
    i = 0
    while i < end:
        if discards[i] == 2:
            discards[i] = 0
        elif discards[i]:
            provisional = 0
            j = i
            while j < end and discards[j]:
                provisional += discards[j] == 2
                j += 1
            while j > i and discards[j - 1] == 2:
                j -= 1
                discards[j] = 0
                provisional -= 1
            length = j - i
            if provisional * 4 > length:
                for k in range(i, j):
                    if discards[k] == 2:
                        discards[k] = 0
            else:
                minimum, tem = 1, length >> 2
                while (tem := tem >> 2) > 0:
                    minimum <<= 1
                minimum += 1
                j = consec = 0
                while j < length:  # cancel subruns of `minimum` or more provisionals
                    if discards[i + j] != 2:
                        consec = 0
                    else:
                        consec += 1
                        if consec == minimum:
                            j -= consec  # back up to the start of the subrun to cancel it all
                        elif consec > minimum:
                            discards[i + j] = 0
                    j += 1
                _cancel_leading_provisionals(discards, range(i, i + length))
                i += length - 1
                _cancel_leading_provisionals(discards, range(i, i - length, -1))
        i += 1


def _cancel_leading_provisionals(discards: list[int], positions: range) -> None:
    """Cancel provisionals until 3 sure discards in a row or a sure one 8 or more lines in."""
    consec = 0
    for j, k in enumerate(positions):
        if j >= 8 and discards[k] == 1:
            break
        if discards[k] == 2:
            consec = 0
            discards[k] = 0
        elif discards[k] == 0:
            consec = 0
        else:
            consec += 1
        if consec == 3:
            break


def _compareseq(xv, yv, x_real, y_real, changed_a, changed_b) -> None:
    """Mark the lines of a shortest edit script between xv and yv (gnulib diffseq.h compareseq)."""
    n, m = len(xv), len(yv)
    diags = n + m + 3
    too_expensive = 1
    while diags:
        too_expensive <<= 1
        diags >>= 2
    too_expensive = max(4096, too_expensive)
    fd, bd, off = [0] * (n + m + 3), [0] * (n + m + 3), m + 1  # indexed by diagonal + off
    stack = [(0, n, 0, m, False)]  # subproblems are independent, so any order gives one result
    while stack:
        xoff, xlim, yoff, ylim, minimal = stack.pop()
        while xoff < xlim and yoff < ylim and xv[xoff] == yv[yoff]:
            xoff += 1
            yoff += 1
        while xoff < xlim and yoff < ylim and xv[xlim - 1] == yv[ylim - 1]:
            xlim -= 1
            ylim -= 1
        if xoff == xlim:
            for k in range(yoff, ylim):
                changed_b[y_real[k]] = True
        elif yoff == ylim:
            for k in range(xoff, xlim):
                changed_a[x_real[k]] = True
        else:
            xmid, ymid, lo_min, hi_min = _diag(
                xv, yv, xoff, xlim, yoff, ylim, minimal, too_expensive, fd, bd, off)
            stack.append((xoff, xmid, yoff, ymid, lo_min))
            stack.append((xmid, xlim, ymid, ylim, hi_min))


def _diag(xv, yv, xoff, xlim, yoff, ylim, minimal, too_expensive, fd, bd, off):
    """Midpoint of a shortest edit script, searching from both ends (diffseq.h `diag`).

    Returns (xmid, ymid, lo_minimal, hi_minimal). Past `too_expensive` steps it gives up and
    splits at the furthest point reached, as diff does without -d.
    """
    dmin, dmax = xoff - ylim, xlim - yoff
    fmid, bmid = xoff - yoff, xlim - ylim
    fmin = fmax = fmid
    bmin = bmax = bmid
    odd = (fmid - bmid) & 1
    fd[off + fmid] = xoff
    bd[off + bmid] = xlim
    big = xlim + ylim + 1  # OFFSET_MAX as far as these comparisons go
    c = 1
    while True:
        if fmin > dmin:
            fmin -= 1
            fd[off + fmin - 1] = -1
        else:
            fmin += 1
        if fmax < dmax:
            fmax += 1
            fd[off + fmax + 1] = -1
        else:
            fmax -= 1
        for d in range(fmax, fmin - 1, -2):
            tlo, thi = fd[off + d - 1], fd[off + d + 1]
            x = thi if tlo < thi else tlo + 1
            y = x - d
            while x < xlim and y < ylim and xv[x] == yv[y]:
                x += 1
                y += 1
            fd[off + d] = x
            if odd and bmin <= d <= bmax and bd[off + d] <= x:
                return x, y, True, True
        if bmin > dmin:
            bmin -= 1
            bd[off + bmin - 1] = big
        else:
            bmin += 1
        if bmax < dmax:
            bmax += 1
            bd[off + bmax + 1] = big
        else:
            bmax -= 1
        for d in range(bmax, bmin - 1, -2):
            tlo, thi = bd[off + d - 1], bd[off + d + 1]
            x = tlo if tlo < thi else thi - 1
            y = x - d
            while xoff < x and yoff < y and xv[x - 1] == yv[y - 1]:
                x -= 1
                y -= 1
            bd[off + d] = x
            if not odd and fmin <= d <= fmax and x <= fd[off + d]:
                return x, y, True, True
        if not minimal and c >= too_expensive:
            return _best_split(xoff, xlim, yoff, ylim, fmin, fmax, bmin, bmax, fd, bd, off)
        c += 1


def _best_split(xoff, xlim, yoff, ylim, fmin, fmax, bmin, bmax, fd, bd, off):
    """diag's give-up answer: the forward or backward diagonal that got furthest."""
    fxybest, fxbest = -1, 0
    for d in range(fmax, fmin - 1, -2):
        x = min(fd[off + d], xlim)
        y = x - d
        if ylim < y:
            x, y = ylim + d, ylim
        if fxybest < x + y:
            fxybest, fxbest = x + y, x
    bxybest, bxbest = xlim + ylim + 1, 0
    for d in range(bmax, bmin - 1, -2):
        x = max(xoff, bd[off + d])
        y = x - d
        if y < yoff:
            x, y = yoff + d, yoff
        if x + y < bxybest:
            bxybest, bxbest = x + y, x
    if (xlim + ylim) - bxybest < fxybest - (xoff + yoff):
        return fxbest, fxybest - fxbest, True, False
    return bxbest, bxybest - bxbest, False, True


def _shift_boundaries(equivs: list[int], changed: list[bool], other_changed: list[bool]) -> None:
    """Slide each run of changed lines like diffutils' analyze.c `shift_boundaries`.

    A run whose first line equals the line after it can move down one line and still mean the same
    edit. Each run is moved down as far as it goes (merging with runs it meets), then back up to the
    last place where it lines up with a change in the other file. The flags get a sentinel slot at
    each end so the scans need no bounds checks, like diff's `changed[-1]` and `changed[n]`.
    """
    flags = [False, *changed, False]  # flags[k + 1] is line k
    other = [False, *other_changed, False]
    i = j = 0  # current line of this file / of the other file, as in diff
    i_end = len(equivs)
    while True:
        while i < i_end and not flags[i + 1]:  # to the start of the next run, j in step
            while other[j + 1]:
                j += 1
            i += 1
            j += 1
        if i == i_end:
            break
        start = i
        while flags[i + 1]:
            i += 1
        while other[j + 1]:
            j += 1
        while True:
            runlength = i - start
            while start and equivs[start - 1] == equivs[i - 1]:  # up, merging with runs above
                start -= 1
                flags[start + 1] = True
                i -= 1
                flags[i + 1] = False
                while flags[start]:
                    start -= 1
                j -= 1
                while other[j + 1]:
                    j -= 1
            corresponding = i if other[j] else i_end
            while i != i_end and equivs[start] == equivs[i]:  # down, merging with runs below
                flags[start + 1] = False
                start += 1
                flags[i + 1] = True
                i += 1
                while flags[i + 1]:
                    i += 1
                j += 1
                while other[j + 1]:
                    j += 1
                    corresponding = i
            if runlength == i - start:
                break
        while corresponding < i:  # back up to line up with a change in the other file
            start -= 1
            flags[start + 1] = True
            i -= 1
            flags[i + 1] = False
            j -= 1
            while other[j + 1]:
                j -= 1
    changed[:] = flags[1:-1]


def _build_script(changed_a: list[bool], changed_b: list[bool]) -> list[Change]:
    """One change per run of changed lines, walking both files in step (analyze.c build_script)."""
    changes = []
    i = j = 0
    n, m = len(changed_a), len(changed_b)
    while i < n or j < m:
        if i < n and j < m and not changed_a[i] and not changed_b[j]:
            i += 1
            j += 1
            continue
        i0, j0 = i, j
        while i < n and changed_a[i]:
            i += 1
        while j < m and changed_b[j]:
            j += 1
        changes.append((i0, i - i0, j0, j - j0))
    return changes
