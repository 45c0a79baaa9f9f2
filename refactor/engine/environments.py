"""The environments of a file's rules: what each rule's matches bound, for the rules after it.

Spatch threads one list of environments through the rules: a rule (or script) runs once per
distinct tuple of the values it inherits, and each of its results extends the environment it
ran in. Here each rule keeps the list of its own results (`of`), and every result also carries
the bindings of the results it was built on, under qualified names (`r.x`): its lineage. So
when a rule inherits from two rules, only results that agree on what they share are combined,
as in spatch's single list (kfree.cocci's report pairs each use with *its* kfree, not with every
kfree of the file).

`drop` removes results after a script's `cocci.include_match(False)`: the results of every rule
that carry the whole dropped tuple, as spatch drops the environments that held it.
"""
from __future__ import annotations

from refactor.engine.bindings import Binding
from refactor.scripts.values import Default

Env = dict[str, Binding]  # own bindings by local name; ancestors' by "rule.name"
Value = Binding | Default


def _words(value: Value) -> tuple:
    return value.words if isinstance(value, Binding) else ("<default>", value.text)


def _key(env: dict[str, Value]) -> tuple:
    return tuple(sorted((name, _words(value)) for name, value in env.items()))


class Environments:
    def __init__(self) -> None:
        self._of: dict[str, list[Env]] = {}

    def of(self, rule: str) -> list[Env]:
        return self._of.get(rule, [])

    def record(self, rule: str, envs: list[Env]) -> None:
        self._of[rule] = distinct(envs)

    def inputs(
        self, inherited: dict[str, tuple[str, str]], defaults: dict[str, str] | None = None
    ) -> list[tuple[dict[str, Value], list[Env]]]:
        """Each distinct tuple of inherited values, with the lineages it comes with.

        `inherited` maps a local name to (rule, name there). A rule with no result gives
        nothing, so the inheriting rule does not run; with `defaults` (a script's `= "text"`),
        a name the results do not bind takes its default, and a rule with no result at all
        gives its defaults when every name taken from it has one.
        """
        defaults = defaults or {}
        combinations: list[tuple[dict[str, Value], Env]] = [({}, {})]
        for source in sorted({rule for rule, _ in inherited.values()}):
            names = [(local, there) for local, (rule, there) in inherited.items() if rule == source]
            options: list[tuple[dict[str, Value], Env]] = []
            for env in self.of(source):
                values: dict[str, Value] = {}
                for local, there in names:
                    if there in env:
                        values[local] = env[there]
                    elif local in defaults:
                        values[local] = Default(defaults[local])
                    else:
                        break
                else:
                    options.append((values, _qualified(source, env)))
            if not options and all(local in defaults for local, _ in names):
                options.append(({local: Default(defaults[local]) for local, _ in names}, {}))
            combinations = [
                ({**values, **more}, merged)
                for values, lineage in combinations
                for more, theirs in options
                if (merged := _joined(lineage, theirs)) is not None
            ]
        grouped: dict[tuple, tuple[dict[str, Value], list[Env]]] = {}
        for values, lineage in combinations:
            grouped.setdefault(_key(values), (values, []))[1].append(lineage)
        return [(values, distinct(lineages)) for values, lineages in grouped.values()]

    def satisfying(self, inputs: list, depends, matched: set[str], defined: frozenset[str]) -> list:
        """The inputs (as `inputs` gives them) whose lineages satisfy `depends on`, judged per
        lineage as spatch does: `depends on s`, where s inherited from r, holds for the results
        of r that s matched with, not for every result of r once s matched anywhere
        (doubletest.cocci's `!bad` reports each `E || E` that *its* bad did not clear)."""
        if depends is None:
            return inputs
        out = []
        for values, lineages in inputs:
            kept = [lineage for lineage in lineages if depends.evaluate(
                lambda name: self._holds(name, lineage, matched, defined))]
            if kept:
                out.append((values, kept))
        return out

    def _holds(self, rule: str, lineage: Env, matched: set[str], defined: frozenset[str]) -> bool:
        if rule in defined:
            return True
        if rule not in matched:
            return False
        results = self.of(rule)
        if not results or not lineage:
            return True  # a script that kept nothing to compare, or nothing inherited
        return any(_joined(lineage, _qualified(rule, env)) is not None for env in results)

    def drop(self, dropped: dict[str, Binding]) -> set[str]:
        """Remove the results that carry every qualified binding of `dropped`; the rules left
        with no result (they no longer count as matched)."""
        emptied = set()
        for rule, envs in self._of.items():
            kept = [env for env in envs if not _carries(rule, env, dropped)]
            if envs and not kept:
                emptied.add(rule)
            self._of[rule] = kept
        return emptied


def _qualified(rule: str, env: Env) -> Env:
    """A result as lineage: its own bindings under `rule.name`, and its own lineage."""
    return {(name if "." in name else f"{rule}.{name}"): binding for name, binding in env.items()}


def _joined(a: Env, b: Env) -> Env | None:
    """Two lineages as one, or None when they disagree on a binding they share."""
    for name, binding in b.items():
        other = a.get(name)
        if other is not None and other.words != binding.words:
            return None
    return {**a, **b}


def _carries(rule: str, env: Env, dropped: dict[str, Binding]) -> bool:
    if not dropped:
        return False
    for name, binding in dropped.items():
        owner, _, local = name.partition(".")
        have = env.get(local) if owner == rule else env.get(name)
        if have is None or have.words != binding.words:
            return False
    return True


def distinct(envs: list[dict]) -> list[dict]:
    """Environments with different bound code (by words), in order."""
    seen = set()
    out = []
    for env in envs:
        key = _key(env)
        if key not in seen:
            seen.add(key)
            out.append(env)
    return out
