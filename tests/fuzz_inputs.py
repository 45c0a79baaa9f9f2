"""Random inputs and the properties they must keep, shared by tests/test_fuzz.py and bench/fuzz.py.

Each `check_*` function states one property and raises AssertionError (or whatever crashed) when
it does not hold; returning means the input was handled. The strategies build inputs from pieces
of real kernel C: token soups from a C vocabulary, and mutations (cut, duplicate, insert, flip a
byte, swap lines, CRLF) of the files of sample-tree/ and of our rule files.

Outcomes that are refusals, not crashes: a definition that does not parse (reported, kept as
text), SmplError for a rule, EditConflict and BrokenOutput for edits that cannot be made.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from hypothesis import strategies as st

from refactor import apply_edits, parse_c, tokenize
from refactor.c.lexer import check_cover
from refactor.c.roundtrip import problems
from refactor.edits import Edit, EditConflict
from refactor.engine.apply import BrokenOutput, apply_patterns
from refactor.output.verify import verify_output
from refactor.smpl.compile import compile_rule_file
from refactor.smpl.model import SmplError
from refactor.smpl.parser import parse_rule_file
from refactor.source import SourceFile, Span

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_TREE = ROOT / "sample-tree"

# Pieces of kernel C, and of what is not quite C: directives, GNU extensions, broken literals.
C_PIECES = (
    "int", "x", "y", "p", "f", "(", ")", "{", "}", "[", "]", ";", ",", "*", "&", "->", ".", "=", "==",
    "+", "-", "++", "<<", "?", ":", "...", "if", "else", "for", "while", "do", "return", "goto", "out",
    "struct", "union", "enum", "typedef", "static", "inline", "const", "unsigned long", "sizeof",
    "__init", "__rcu", "__attribute__((unused))", "list_for_each_entry(p, h, l)", "EXPORT_SYMBOL(f)",
    "DEFINE_MUTEX(m)", "u32", "NULL", "0", "0x1fUL", "1e-3", "'a'", "'\\''", '"s"', '"\\"', "L\"w\"",
    "/* c */", "/*", "*/", "// line\n", "\\\n", "\n", "\r\n", "\t", " ", "#ifdef A\n", "#else\n",
    "#endif\n", "#if 0\n", "#define M(a) a\n", "#include <x.h>\n", "#", "##", "@", "`", "$x", "\\",
    "({", "})", "asm volatile(\"\" ::: \"memory\")", "case 1 ... 3:", "[0 ... 3] = 1", "?:",
    "\x00", "\x0c", "\u00e9", "\udcff",
)
NAMES = ("foo", "bar", "zz_new", "anon_vma", "refcount", "page", "vma", "mm", "u32", "NULL", "list_head")


@lru_cache(maxsize=1)
def sample_files() -> tuple[tuple[str, bytes], ...]:
    """(path, bytes) of every .c/.h file of sample-tree/, sorted by path."""
    if not SAMPLE_TREE.is_dir():
        return ()
    files = sorted(p for p in SAMPLE_TREE.rglob("*") if p.suffix in (".c", ".h") and p.is_file())
    return tuple((str(p.relative_to(ROOT)), p.read_bytes()) for p in files)


@lru_cache(maxsize=1)
def rule_texts() -> tuple[str, ...]:
    """The text of our own rule files (rules/ and the parser's test rules)."""
    files = sorted(ROOT.glob("rules/**/*.cocci")) + sorted(ROOT.glob("tests/smpl/*.cocci"))
    return tuple(p.read_text(errors="surrogateescape") for p in files)


COCCI_SUITE = ROOT.parent / "shared" / "cocci-tests"  # Coccinelle's tests, where present


@lru_cache(maxsize=1)
def rule_corpus() -> tuple[tuple[str, str], ...]:
    """(path, text) of every rule we can find: ours, and Coccinelle's test suite when it is there."""
    files = sorted(ROOT.glob("rules/**/*.cocci")) + sorted(ROOT.glob("tests/smpl/*.cocci"))
    if COCCI_SUITE.is_dir():
        files += sorted(COCCI_SUITE.glob("*.cocci"))
    return tuple((str(p), p.read_text(errors="surrogateescape")) for p in files)


@lru_cache(maxsize=1)
def code_corpus() -> tuple[tuple[str, bytes], ...]:
    """(path, bytes) of C to run rules on: sample-tree/, and the suite's test inputs when present."""
    extra = sorted(COCCI_SUITE.glob("*.c")) if COCCI_SUITE.is_dir() else []
    return sample_files() + tuple((str(p), p.read_bytes()) for p in extra)


@lru_cache(maxsize=1)
def sample_identifiers() -> tuple[str, ...]:
    """Every identifier used in sample-tree/, sorted: the names renames are drawn from."""
    names: set[str] = set()
    for _, data in sample_files():
        text = data.decode("utf-8", "surrogateescape")
        names.update(text[t.start:t.end] for t in tokenize(text)[0] if t.kind == "IDENT")
    return tuple(sorted(names))


# ---------------------------------------------------------------------------------------------
# Strategies


def token_soups() -> st.SearchStrategy[str]:
    """Runs of C pieces, sometimes glued, sometimes with arbitrary characters between them."""
    piece = st.one_of(st.sampled_from(C_PIECES), st.text(max_size=3))
    return st.lists(st.tuples(piece, st.sampled_from(("", " ", "\n"))), max_size=60).map(
        lambda parts: "".join(p + sep for p, sep in parts)
    )


_MUTATIONS = ("delete", "duplicate", "insert", "flip", "swap_lines", "crlf", "truncate")


def _mutate(data: bytes, mutations: list[tuple[str, float, float, str, int]]) -> bytes:
    """Apply each (kind, where, length, piece, byte) to `data`; `where` and `length` are fractions."""
    for kind, where, length, piece, byte in mutations:
        n = len(data)
        at = int(where * n)
        size = max(1, int(length * min(n, 400)))
        if kind == "delete":
            data = data[:at] + data[at + size:]
        elif kind == "duplicate":
            data = data[:at] + data[at:at + size] + data[at:]
        elif kind == "insert":
            data = data[:at] + piece.encode("utf-8", "surrogateescape") + data[at:]
        elif kind == "flip" and n:
            at = min(at, n - 1)
            data = data[:at] + bytes([byte]) + data[at + 1:]
        elif kind == "swap_lines":
            lines = data.split(b"\n")
            i, j = int(where * len(lines)) % len(lines), int(length * len(lines)) % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
            data = b"\n".join(lines)
        elif kind == "crlf":
            data = data.replace(b"\n", b"\r\n") if b"\r\n" not in data else data.replace(b"\r\n", b"\n")
        elif kind == "truncate":
            data = data[:at]
    return data


def mutations() -> st.SearchStrategy[list]:
    fraction = st.floats(min_value=0, max_value=1, allow_nan=False)
    return st.lists(
        st.tuples(st.sampled_from(_MUTATIONS), fraction, fraction, st.sampled_from(C_PIECES + NAMES),
                  st.integers(0, 255)),
        min_size=1, max_size=6,
    )


def mutated_sample_files() -> st.SearchStrategy[tuple[str, bytes]]:
    """(path, bytes) of a sample-tree file after a few random mutations."""
    return st.tuples(st.sampled_from(sample_files()), mutations()).map(
        lambda fm: (fm[0][0], _mutate(fm[0][1], fm[1]))
    )


def mutated_rules() -> st.SearchStrategy[str]:
    """One of our rule files after a few random mutations."""
    return st.tuples(st.sampled_from(rule_texts()), mutations()).map(
        lambda rm: _mutate(rm[0].encode("utf-8", "surrogateescape"), rm[1]).decode("utf-8", "surrogateescape")
    )


@st.composite
def texts_with_edits(draw) -> tuple[str, list[Edit]]:
    """A short text and edits inside it (insertions, deletions, replacements; some overlapping)."""
    text = draw(st.text(alphabet="ab\n", max_size=30))
    edits = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 5)))
        edits.append(Edit(Span(start, end), draw(st.text(alphabet="XY", max_size=3))))
    return text, edits


def rules_on_code() -> st.SearchStrategy[tuple[str, str, bytes]]:
    """(rule text, path, bytes): a rule of the corpus, maybe mutated, on C code, maybe mutated.
    Half the time the rule's own test input, where it is most likely to match."""
    @st.composite
    def build(draw):
        rule_path, rule = draw(st.sampled_from(rule_corpus()))
        own = Path(rule_path).with_suffix(".c")
        if own.is_file() and draw(st.booleans()):
            path, data = str(own), own.read_bytes()
        else:
            path, data = draw(st.sampled_from(code_corpus()))
        if draw(st.booleans()):
            rule = _mutate(rule.encode("utf-8", "surrogateescape"), draw(mutations())).decode("utf-8", "surrogateescape")
        if draw(st.booleans()):
            data = _mutate(data, draw(mutations()))
        return rule, path, data
    return build()


def renames() -> st.SearchStrategy[tuple[str, bytes, str, str]]:
    """(path, bytes, old, new): a sample-tree file and an identifier of it to rename to another name
    found in the tree (or a fresh one)."""
    @st.composite
    def build(draw):
        path, data = draw(st.sampled_from(sample_files()))
        text = data.decode("utf-8", "surrogateescape")
        own = sorted({text[t.start:t.end] for t in tokenize(text)[0] if t.kind == "IDENT"})
        old = draw(st.sampled_from(own))
        new = draw(st.one_of(st.sampled_from(sample_identifiers()), st.sampled_from(("zz_fresh", "zz_other"))))
        return path, data, old, new
    return build()


# ---------------------------------------------------------------------------------------------
# Properties


def check_lexer(text: str) -> None:
    """Tokens are ordered, disjoint and inside the text; what lies between them is trivia only."""
    tokens, directives = tokenize(text)
    check_cover(text, tokens)
    assert all(0 <= t.start < t.end <= len(text) for t in tokens)
    assert all(0 <= d.start <= d.end <= len(text) for d in directives)
    gaps = zip([0] + [t.end for t in tokens], [t.start for t in tokens] + [len(text)])
    for start, end in gaps:
        assert tokenize(text[start:end])[0] == [], f"gap {start}..{end} holds tokens: {text[start:end]!r}"


def check_parse_roundtrip(data: bytes) -> None:
    """Any bytes parse (definition by definition) without crashing and print back identical."""
    parsed = parse_c(data, "fuzz.c")
    assert parsed.source.to_bytes() == data
    found = problems(parsed, data)
    assert found == [], found


def check_edits(text: str, edits: list[Edit]) -> None:
    """apply_edits equals applying non-conflicting edits one by one, or raises EditConflict."""
    try:
        result = apply_edits(text, edits)
    except EditConflict as conflict:
        assert conflict.first in edits and conflict.second in edits
        return
    distinct = list(dict.fromkeys(edits))
    ordered = sorted(range(len(distinct)), key=lambda i: (distinct[i].span.start, not distinct[i].is_insertion, i))
    expected, shift = text, 0
    for i in ordered:
        edit = distinct[i]
        start, end = edit.span.start + shift, edit.span.end + shift
        expected = expected[:start] + edit.text + expected[end:]
        shift += len(edit.text) - (edit.span.end - edit.span.start)
    assert result == expected


def check_rule_parser(text: str) -> None:
    """A rule file, however broken, is a RuleFile or an SmplError with a line:col inside the file."""
    try:
        compile_rule_file(text, "fuzz.cocci")
    except SmplError as error:
        lines = text.count("\n") + 1
        assert 1 <= error.line <= lines and error.column >= 1, (error.line, error.column, lines)
        assert str(error).startswith(f"fuzz.cocci:{error.line}:{error.column}: error: ")
        return
    parse_rule_file(text, "fuzz.cocci")


def rename_rule(old: str, new: str) -> str:
    return f"@@\n@@\n- {old}\n+ {new}\n"


def check_rename(path: str, data: bytes, old: str, new: str) -> None:
    """A rename changes only `old` tokens into `new`, leaves parsable code, and is idempotent."""
    try:
        rules = compile_rule_file(rename_rule(old, new), "rename.cocci")
    except SmplError:
        return  # e.g. a type name is not an expression: refused, which is fine
    source = SourceFile.from_bytes(data, path)
    try:
        once = apply_patterns(rules, source).text
    except (EditConflict, BrokenOutput):
        return
    before = tokenize(source.text)[0]
    after = tokenize(once)[0]
    assert len(before) == len(after), "a rename changed the number of tokens"
    for a, b in zip(before, after):
        old_word, new_word = source.text[a.start:a.end], once[b.start:b.end]
        assert old_word == new_word or (old_word == old and new_word == new), (old_word, new_word)
    assert verify_output(source, once) == [], "the renamed file no longer parses"
    twice = apply_patterns(rules, SourceFile(path, once)).text
    assert twice == once, "renaming again changed the result"


def check_rule_on_code(rule: str, path: str, data: bytes) -> None:
    """Any rule on any code: a result, or a refusal (SmplError, EditConflict, BrokenOutput); and a
    result the engine accepts must pass the write gate (refactor.output.verify) too."""
    try:
        rules = compile_rule_file(rule, "fuzz.cocci")
    except SmplError:
        return
    source = SourceFile.from_bytes(data, path)
    try:
        result = apply_patterns(rules, source).text
    except (EditConflict, BrokenOutput):
        return
    if result != source.text:
        assert verify_output(source, result) == [], "the engine accepted a result the write gate refuses"
