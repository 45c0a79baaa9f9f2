"""How a rule file uses its metavariables: the mistakes worth stopping for, and those worth a warning.

Checked on the parsed rule file, before anything is compiled, for each transformation rule:

Errors (SmplError), because the rule cannot mean anything:
- `+` lines and no `-` or context line: there is no place to add the code;
- a metavariable used in `+` code that no `-` or context code binds (nor inheritance, nor
  `fresh`): there is nothing to copy into the added code;
- a `fresh identifier` in `-` or context code: it names something new, so it cannot match;
- a seed of a fresh identifier (`fresh identifier f = "x_" ## y;`) naming an undeclared `y`.

Warnings (SmplWarning), because the rule is legal but likely not what was meant (spatch warns
about the same things; Coccinelle's own tests declare unused metavariables, so they cannot be
errors):
- a metavariable declared but used nowhere: not in the rule's code, its constraints, nor any
  later rule's inheritance; the hint names a close word of the body, often the typo;
- a name in `-` or context code that is a metavariable of an earlier rule but not declared in
  this one: it matches the C name literally, which is seldom meant.

Names that are not bound by matching (`symbol`, `typedef`, `declarer name`, `iterator name`,
`attribute name` used in added code) are exempt from the binding rules.
"""
from __future__ import annotations

import difflib
import re

from refactor.c.lexer import tokenize
from refactor.smpl.errors import SmplWarning
from refactor.smpl.model import MetaVar, Rule, RuleFile, SmplError, SeedMeta

# Kinds that declare a name rather than something a match binds.
_NAMES = frozenset({"symbol", "typedef", "declarer name", "iterator name", "attribute name"})
_POSITION_MARK = re.compile(r"@\s*([A-Za-z_]\w*)")
_WORD = re.compile(r"[A-Za-z_]\w*")


def check_metavariables(rule_file: RuleFile, text: str) -> list[SmplWarning]:
    """Raise SmplError for a metavariable no match can bind; return the warnings."""
    lines = text.splitlines()
    inherited_later = {(m.inherited_from, m.name) for r in rule_file.rules for m in r.metavars if m.inherited_from}
    inherited_later |= {(b.rule, b.name) for r in rule_file.rules for b in r.script_bindings}
    warnings: list[SmplWarning] = []
    earlier: dict[str, tuple[str, MetaVar]] = {}  # metavariable name -> its first declaration in an earlier rule
    for rule in rule_file.rules:
        if rule.kind == "transform":
            warnings += _check_rule(rule, rule_file.path, lines, inherited_later, earlier)
        for metavar in rule.metavars:
            if metavar.kind not in _NAMES:
                earlier.setdefault(metavar.name, (rule.name, metavar))
    return warnings


def _check_rule(rule: Rule, path: str, lines: list[str], inherited_later,
                earlier: dict[str, tuple[str, MetaVar]]) -> list[SmplWarning]:
    plus = [b for b in rule.body if b.marker in ("+", "++") and b.text.strip()]
    if plus and not any(b.marker not in ("+", "++") and b.text.strip() for b in rule.body):
        raise SmplError(path, plus[0].line, 1, "a '+' line with nothing to attach to: the rule has no '-' or context code",
                        "added code goes next to matched code: put a '-' or context line before or after it",
                        _line(lines, plus[0].line))
    matched: dict[str, int] = {}  # word of '-' or context code -> first rule-file line
    added: dict[str, int] = {}
    for body_line in rule.body:
        into = added if body_line.marker in ("+", "++") else matched
        for word in _words(body_line.text):
            into.setdefault(word, body_line.line)

    def error(metavar: MetaVar, message: str, hint: str, line: int | None = None) -> SmplError:
        where = line or metavar.line
        column = _column(lines, where, metavar.name) if line else metavar.column
        return SmplError(path, where, column, message, hint, _line(lines, where))

    declared = {m.name for m in rule.metavars}
    referenced = set()  # names used by other declarations: types, constraints, seeds
    for metavar in rule.metavars:
        referenced |= set(_WORD.findall(metavar.type_text or ""))
        referenced |= set(_WORD.findall(repr(metavar.constraint) if metavar.constraint is not None else ""))
        if isinstance(metavar.seed, tuple):
            for part in metavar.seed:
                if isinstance(part, SeedMeta) and part.rule is None and part.name not in declared:
                    raise error(metavar, f"the name of fresh identifier '{metavar.name}' uses '{part.name}', "
                                         "which is not a metavariable of this rule",
                                f"declare it before '{metavar.name}', e.g. 'identifier {part.name};'")
                if isinstance(part, SeedMeta):
                    referenced.add(part.name)

    warnings = []
    for metavar in rule.metavars:
        name = metavar.name
        if metavar.kind == "fresh identifier":
            if name in matched:
                raise error(metavar, f"fresh identifier '{name}' is used in code to match",
                            f"a fresh identifier names something new, so only '+' lines may use it; to match "
                            f"an existing name declare 'identifier {name};'", matched[name])
            continue
        if metavar.inherited_from or metavar.kind in _NAMES:
            continue
        # a type metavariable is also bound by the type of a typed metavariable the code matches
        typed_by = any(name in _WORD.findall(m.type_text or "") and m.name in matched for m in rule.metavars)
        if name in added and name not in matched and not typed_by:
            raise error(metavar, f"metavariable '{name}' is used in added code but no '-' or context code binds it",
                        f"use {name} in a '-' or context line, inherit it from an earlier rule "
                        f"('{metavar.kind} r.{name};'), or declare it 'fresh identifier {name};'", added[name])
        if name not in matched and name not in added and name not in referenced \
                and (rule.name, name) not in inherited_later:
            unknown = sorted(w for w in matched if w not in declared)
            close = difflib.get_close_matches(name, unknown, 1, 0.6) or [w for w in unknown if w.lower() == name.lower()]
            hint = (f"did you mean '{name}' where line {matched[close[0]]} has '{close[0]}'?" if close
                    else "use it in the rule's code, or remove the declaration")
            warnings.append(SmplWarning(path, metavar.line, metavar.column,
                                        f"metavariable '{name}' is declared but never used", hint,
                                        _line(lines, metavar.line)))
    for word, line in matched.items():
        if word in earlier and word not in declared:
            owner, theirs = earlier[word]
            warnings.append(SmplWarning(path, line, _column(lines, line, word),
                                        f"'{word}' is a metavariable of rule '{owner}' but not of this one, so it "
                                        f"matches the C name '{word}' only", f"to use its value here, inherit it: "
                                        f"'{theirs.kind} {owner}.{word};'", _line(lines, line)))
    return warnings


def _words(code: str) -> set[str]:
    """Identifiers of a line of rule code (not in comments or strings), and `@p` position names."""
    tokens, _ = tokenize(code)
    words = {code[t.start:t.end] for t in tokens if _WORD.fullmatch(code[t.start:t.end])}
    return words | set(_POSITION_MARK.findall(code))


def _line(lines: list[str], line: int) -> str:
    return lines[line - 1] if 1 <= line <= len(lines) else ""


def _column(lines: list[str], line: int, word: str) -> int:
    """Column of the first whole-word `word` on `line` (1 when it is not found)."""
    match = re.search(rf"(?<![\w.]){re.escape(word)}\b", _line(lines, line))
    return match.start() + 1 if match else 1
