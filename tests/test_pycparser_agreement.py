"""Our grammar must not accept nonsense: pycparser, an independent C99 parser, is the referee.

We parse kernel C without a preprocessor, so our grammar is lenient by design (it has to read
macros where C expects a type, an attribute or a loop head). Leniency can hide a bug that accepts
text no compiler would. This module checks the one direction that catches that: when we parse
every definition of a file, the same file run through `cpp` with small stub headers
(tests/pycparser/include) must be standard C that pycparser accepts, in each configuration.

The converse (our parser reads all of our hand-written, kernel-style fixtures) is checked too,
on tests/pycparser/cases only: the sample tree may use constructs we do not claim to support.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest

pytest.importorskip("pycparser")
from pycparser import c_parser  # noqa: E402

from refactor import ParsedFile, parse_c  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "pycparser"
STUBS = DATA / "include"
CASES = sorted((DATA / "cases").glob("*.c"))
SAMPLE_TREE = ROOT / "sample-tree"
SAMPLES = sorted(SAMPLE_TREE.rglob("*.[ch]")) if SAMPLE_TREE.is_dir() else []


def _cpp_command() -> list[str] | None:
    """`gcc -E`, or a bare `cpp` (same flags, -E implied); None when neither is installed."""
    gcc, cpp = shutil.which("gcc"), shutil.which("cpp")
    return [gcc, "-E"] if gcc else [cpp] if cpp else None


_CPP = _cpp_command()
if _CPP is None:
    pytest.skip("neither gcc nor cpp is installed", allow_module_level=True)

# Configurations: which CONFIG_* symbols cpp sees. Both branches of a fixture's #ifdef get checked.
CONFIGURATIONS = {
    "no-config": (),
    "mm-config": ("-DCONFIG_KSM", "-DCONFIG_MIGRATION", "-DCONFIG_NUMA", "-DCONFIG_MMU"),
}

# Every #include is blanked and kernel.h force-included instead: each file is then preprocessed on
# its own, as our parser reads it, whatever headers it names (the stubs need no file per header).
_INCLUDE_LINE = re.compile(r"^[ \t]*#[ \t]*include\b.*$", re.M)

# GNU extensions pycparser cannot read, looked for in the preprocessed text. A sample-tree file
# using one is skipped with its name; a fixture using one is a bug in the fixture.
GNU_EXTENSIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("statement expression '({ ... })'", re.compile(r"\(\s*\{")),
    ("typeof", re.compile(r"\b(?:typeof|__typeof__|__typeof)\b")),
    ("inline asm", re.compile(r"\b(?:asm|__asm__|__asm)\b")),
    ("case range 'case a ... b'", re.compile(r"\bcase\b[^:;]*\.\.\.")),
    ("range designator '[a ... b] ='", re.compile(r"\[[^\[\]]*\.\.\.[^\[\]]*\]\s*=")),
    ("conditional with omitted middle operand '?:'", re.compile(r"\?\s*:")),
)


@dataclass(frozen=True)
class Preprocessed:
    """The standard C that cpp made of one file in one configuration."""

    name: str  # what pycparser reports as the file name
    text: str


def _label(path: Path) -> str:
    """A short, stable test id: the path from the repository root."""
    return path.relative_to(ROOT).as_posix()


@lru_cache(maxsize=None)
def _ours(path: Path) -> ParsedFile:
    """Our parse of the raw file (cached: each file is used by several tests)."""
    return parse_c(path.read_bytes(), _label(path))


def _our_failures(path: Path) -> list[str]:
    """`path:line:col: reason` for each definition our parser rejects; empty when all parse."""
    parsed = _ours(path)
    return [d.failure.describe(parsed.source) for d in parsed.definitions if not d.parsed]


@lru_cache(maxsize=None)
def _preprocess(path: Path, configuration: str) -> Preprocessed:
    """Run cpp with the stub headers; a cpp error is a stub or fixture bug, so it fails."""
    text = _INCLUDE_LINE.sub("", path.read_text(encoding="utf-8", errors="replace"))
    command = [
        *_CPP, "-P", "-nostdinc", "-I", str(STUBS), "-include", str(STUBS / "kernel.h"),
        "-D__KERNEL__", "-std=gnu99", "-x", "c", *CONFIGURATIONS[configuration], "-",
    ]
    result = subprocess.run(command, input=text, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        pytest.fail(f"cpp failed on {_label(path)} [{configuration}]:\n{result.stderr}")
    return Preprocessed(f"{_label(path)}[{configuration}, preprocessed]", result.stdout)


_STRING_OR_CHAR = re.compile(r"\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'")


def _gnu_extensions(text: str) -> list[str]:
    """The GNU extensions used in preprocessed text, each with the first line that uses it.

    Literals are emptied first, so that "?:" or "asm" inside a string is not taken for code.
    """
    code = _STRING_OR_CHAR.sub(lambda m: m.group(0)[0] * 2, text)
    lines = text.splitlines()
    found = []
    for name, pattern in GNU_EXTENSIONS:
        match = pattern.search(code)
        if match:
            example = lines[code.count("\n", 0, match.start())].strip()
            example = example if len(example) <= 72 else example[:69] + "..."
            found.append(f"{name}, as in {example!r}")
    return found


def _excerpt(text: str, line: int, around: int = 4) -> str:
    """Numbered preprocessed lines around `line`, the offending one marked."""
    lines = text.splitlines()
    lo, hi = max(1, line - around), min(len(lines), line + around)
    return "\n".join(
        f"{'>>' if n == line else '  '} {n:5d} | {lines[n - 1]}" for n in range(lo, hi + 1)
    )


def _error_line(message: str, name: str, parser: c_parser.CParser) -> int | None:
    """The preprocessed line pycparser's error is about.

    Most errors start with `name:line:col:`. A few ("Invalid declaration" at a declaration that
    starts with an unknown type name) give only the file name; then the lexer's position is the
    best pointer there is (a private attribute, so it is read defensively).
    """
    where = re.match(rf"{re.escape(name)}:(\d+)", message)
    if where:
        return int(where.group(1))
    line = getattr(getattr(parser, "clex", None), "_lineno", None)
    return line if isinstance(line, int) else None


def _pycparser_error(pre: Preprocessed) -> str | None:
    """None when pycparser accepts the text; otherwise its error and the lines it points at."""
    parser = c_parser.CParser()
    try:
        parser.parse(pre.text, pre.name)
    except c_parser.ParseError as error:
        message = str(error)
        line = _error_line(message, pre.name, parser)
        excerpt = _excerpt(pre.text, line) if line else "(pycparser reported no line)"
        return f"pycparser: {message}\n{excerpt}"
    return None


def _params(paths: list[Path], known_failures: dict[str, str] | None = None) -> list:
    """One pytest param per file, id'd by its path; a known failure becomes a strict xfail."""
    params = []
    for path in paths:
        reason = (known_failures or {}).get(_label(path))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(path, id=_label(path), marks=marks))
    return params


@pytest.mark.parametrize("configuration", list(CONFIGURATIONS))
@pytest.mark.parametrize("path", _params(CASES + SAMPLES))
def test_pycparser_accepts_what_we_accept(path: Path, configuration: str) -> None:
    """A file we parse completely must be standard C after cpp: pycparser must accept it too."""
    label = _label(path)
    failures = _our_failures(path)
    if failures:
        pytest.skip(f"{label}: we reject {len(failures)} definition(s), first: {failures[0]}")
    pre = _preprocess(path, configuration)
    extensions = "; ".join(_gnu_extensions(pre.text))
    if extensions and path in CASES:
        pytest.fail(f"fixture {label} must be standard C; it uses: {extensions}")
    if extensions:
        pytest.skip(f"{label} uses GNU C pycparser cannot read: {extensions}")
    error = _pycparser_error(pre)
    if error:
        pytest.fail(f"we accept {label}, pycparser rejects it [{configuration}]:\n{error}")


# Fixtures our parser is known to reject: label -> the failure text. Each is an xfail(strict),
# so fixing the grammar turns it into a failure that asks for the entry to be removed.
KNOWN_OUR_FAILURES: dict[str, str] = {}


@pytest.mark.parametrize("path", _params(CASES, KNOWN_OUR_FAILURES))
def test_we_parse_every_fixture(path: Path) -> None:
    """Every definition of our standard-C, kernel-style fixtures must parse with our grammar."""
    failures = _our_failures(path)
    assert not failures, "our parser rejects:\n" + "\n".join(failures)


def test_referee_rejects_nonsense() -> None:
    """pycparser, as called here, must reject broken C and point at it; else every pass is void."""
    pre = Preprocessed("nonsense.c", "int ok;\nint f(void)\n{\n\treturn 1 +;\n}\n")
    error = _pycparser_error(pre)
    assert error is not None and ">>     4 |" in error, error


def test_fixtures_exist() -> None:
    """Guard against a moved data directory turning every parametrized test into nothing."""
    assert len(CASES) >= 8, f"expected at least 8 fixtures under {DATA / 'cases'}"
