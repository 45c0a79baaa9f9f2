"""Parse a classified token list with the LALR(1) automaton of grammars/c.lark.

Lark builds the automaton (this is the only module that imports Lark for C); the driver loop is
our own: it consumes refactor.c.lexer.Token tuples directly and builds CNode tuples, with no Lark
Token or Tree objects in between, which is what makes kernel-sized inputs affordable. It applies
Lark's tree conventions: `_rule` children are spliced into the parent, `?rule` with one child is
replaced by it, `-> alias` names the node. The flat list produced by `binary_expression` is
rebuilt into a precedence tree here.

The automaton is cached on disk (pickle, keyed by grammar text and Lark version) because
computing it takes a few seconds and every worker process needs it.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from refactor.c.lexer import Token
from refactor.c.tree import CNode

_SPLICE, _EXPAND1, _NODE, _BINARY = 0, 1, 2, 3

# Token kinds that the grammar spells differently.
_TERMINAL_TO_KIND = {"CHAR_LITERAL": "CHAR"}

BINARY_PRECEDENCE = {
    "*": 10, "/": 10, "%": 10, "+": 9, "-": 9, "<<": 8, ">>": 8,
    "<": 7, ">": 7, "<=": 7, ">=": 7, "==": 6, "!=": 6,
    "&": 5, "^": 4, "|": 3, "&&": 2, "||": 1,
    "META_BINARY": 6,  # a `binary operator` metavariable in a rule: between equality and relations
}


class ParseError(Exception):
    """The token at which the automaton had no move, and what it would have accepted."""

    def __init__(self, token: Token | None, expected: list[str]):
        self.token = token
        self.expected = expected
        where = "end of input" if token is None else f"{token.kind!r} at offset {token.start}"
        super().__init__(f"unexpected {where}")


def grammar_text(name: str = "c.lark") -> str:
    """Read a grammar from the installed package, or from the checkout's grammars/ folder."""
    try:
        return resources.files("refactor.grammars").joinpath(name).read_text()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return (Path(__file__).resolve().parents[2] / "grammars" / name).read_text()


@dataclass(frozen=True, slots=True)
class _Rule:
    size: int
    origin: str
    kind: str
    mode: int


@dataclass(slots=True)
class Automaton:
    actions: list[dict[str, int]]  # state -> token kind -> shift state (>= 0) or ~rule
    gotos: list[dict[str, int]]  # state -> nonterminal -> state
    rules: list[_Rule]
    start_states: dict[str, int]  # start symbol -> state


# The grammars we build automata for: C, and C patterns of semantic patches (the same C grammar
# extended with metavariables and `...`, with more start symbols).
GRAMMARS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "c": (("c.lark",), ("start",)),
    "pattern": (
        ("c.lark", "smpl_pattern.lark"),
        ("start", "pattern_expression", "pattern_statements", "pattern_members", "pattern_type"),
    ),
}


def _build_automaton(text: str, starts: tuple[str, ...]) -> Automaton:
    from lark import Lark
    from lark.common import ParserConf
    from lark.lexer import PatternStr
    from lark.parsers.lalr_analysis import LALR_Analyzer, Reduce

    grammar = Lark(text, parser="lalr", lexer="basic", keep_all_tokens=True, start=list(starts))
    kind_of: dict[str, str] = {"$END": "$END"}
    for term in grammar.terminals:
        if isinstance(term.pattern, PatternStr):
            kind_of[term.name] = term.pattern.value
    analysis = LALR_Analyzer(ParserConf(grammar.rules, {}, list(starts)))
    analysis.compute_lalr()
    table = analysis.parse_table
    state_ids = {s: i for i, s in enumerate(table.states)}
    rules: list[_Rule] = []
    rule_ids: dict[object, int] = {}
    actions: list[dict[str, int]] = [{} for _ in state_ids]
    gotos: list[dict[str, int]] = [{} for _ in state_ids]
    for state, row in table.states.items():
        sid = state_ids[state]
        for symbol, (action, arg) in row.items():
            if action is Reduce:
                if arg not in rule_ids:
                    name = arg.origin.name
                    # a plain str: Lark's Token (a str subclass) compares in Python, slowly
                    name = str(name if isinstance(name, str) else name.value)
                    if name.startswith("_"):
                        mode = _SPLICE
                    elif name == "binary_expression":
                        mode = _BINARY
                    elif arg.options.expand1:
                        mode = _EXPAND1
                    else:
                        mode = _NODE
                    kind = arg.alias or name
                    rule_ids[arg] = len(rules)
                    rules.append(_Rule(len(arg.expansion), name, str(kind), mode))
                encoded = ~rule_ids[arg]
            else:
                encoded = state_ids[arg]
            name = symbol if isinstance(symbol, str) else symbol.name
            if name.isupper() or name == "$END":  # terminals are upper case, rules lower
                actions[sid][_TERMINAL_TO_KIND.get(name, kind_of.get(name, name))] = encoded
            else:
                gotos[sid][name] = encoded
    return Automaton(actions, gotos, rules, {name: state_ids[table.start_states[name]] for name in starts})


_AUTOMATA: dict[str, Automaton] = {}


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "refactor"


def automaton(name: str = "c") -> Automaton:
    """The automaton of grammar `name`, from the on-disk cache when it matches the grammar text."""
    found = _AUTOMATA.get(name)
    if found is None:
        import lark

        files, starts = GRAMMARS[name]
        text = "\n".join(grammar_text(f) for f in files)
        key = hashlib.sha256((text + repr(starts) + lark.__version__ + "v3").encode()).hexdigest()[:16]
        path = _cache_dir() / f"{name}-automaton-{key}.pickle"
        try:
            with open(path, "rb") as f:
                found = pickle.load(f)
        except (OSError, pickle.PickleError, EOFError, AttributeError):
            found = _build_automaton(text, starts)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".{os.getpid()}.tmp")
                with open(tmp, "wb") as f:
                    pickle.dump(found, f, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
            except OSError:
                pass  # a read-only cache only costs time
        _AUTOMATA[name] = found
    return found


def _binary_tree(flat: list) -> CNode:
    """Rebuild `a op b op c ...` (operands and operator tokens alternating) by precedence."""
    prec = BINARY_PRECEDENCE
    operands = [flat[0]]
    operators: list[Token] = []
    for i in range(1, len(flat), 2):
        op = flat[i]
        p = prec[op.kind]
        while operators and prec[operators[-1].kind] >= p:
            right = operands.pop()
            left = operands.pop()
            operands.append(CNode("binary", left.start, right.end, (left, operators.pop(), right)))
        operators.append(op)
        operands.append(flat[i + 1])
    while operators:
        right = operands.pop()
        left = operands.pop()
        operands.append(CNode("binary", left.start, right.end, (left, operators.pop(), right)))
    return operands[0]


class _Splice(list):
    """Children of a `_rule`, to be spliced into the parent node."""

    __slots__ = ()


def parse_tokens(tokens: list[Token], end_offset: int = 0, grammar: str = "c", start: str = "start") -> CNode:
    """Parse `tokens` from the symbol `start` of `grammar`; returns the `start` node.

    By default, a sequence of external declarations of C. Raises ParseError at the first token
    the grammar cannot accept.
    """
    auto = automaton(grammar)
    actions, gotos, rules = auto.actions, auto.gotos, auto.rules
    states = [auto.start_states[start]]
    values: list = []
    end_token = Token("$END", end_offset, end_offset)
    for token in tokens + [end_token] if tokens else [end_token]:
        kind = token.kind
        while True:
            act = actions[states[-1]].get(kind)
            if act is None:
                expected = sorted(actions[states[-1]])
                raise ParseError(None if kind == "$END" else token, expected)
            if act >= 0:
                states.append(act)
                values.append(token)
                break
            rule = rules[~act]
            size = rule.size
            if size:
                children = values[-size:]
                del values[-size:]
                del states[-size:]
            else:
                children = []
            if any(type(c) is _Splice for c in children):
                # Left-recursive lists (`items: item | items "," item`) arrive with the list so
                # far first: extend it in place (it was just popped, nobody else holds it), or
                # long lists would be copied once per item.
                first = children[0]
                flat = first if type(first) is _Splice else [first]
                for c in children[1:]:
                    if type(c) is _Splice:
                        flat.extend(c)
                    else:
                        flat.append(c)
                children = flat
            mode = rule.mode
            if mode == _SPLICE:
                value = children if type(children) is _Splice else _Splice(children)
            elif len(children) == 1 and mode != _NODE:
                value = children[0]
            elif mode == _BINARY:
                value = _binary_tree(children)
            elif children:
                value = CNode(rule.kind, children[0].start, children[-1].end, tuple(children))
            else:
                value = CNode(rule.kind, token.start, token.start, ())
            if rule.origin == start:
                return value
            values.append(value)
            states.append(gotos[states[-1]][rule.origin])
    raise ParseError(None, [])  # unreachable: `start` is reduced on $END
