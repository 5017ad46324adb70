"""Probability rules for named events: complement, addition, multiplication, conditional
probability, the law of total probability and Bayes' theorem."""

from __future__ import annotations

import re
from dataclasses import replace

import sympy

from grammar import InvalidArgument

from ..rules import Rule
from ..steps import Given, Minus, Plus, Solution, Step, Times
from .shown import with_decimals

P = sympy.Function("P")


def show(event):
    """The event as a sympy object for the printers: A, Aᶜ, A ∩ B, A ∪ B, A | B."""
    kind = event[0]
    if kind == "name":
        return sympy.Symbol(event[1])
    if kind == "not":
        return sympy.Not(show(event[1]), evaluate=False)
    if kind == "and":
        return sympy.And(show(event[1]), show(event[2]), evaluate=False)
    if kind == "or":
        return sympy.Or(show(event[1]), show(event[2]), evaluate=False)
    if kind == "given":
        return Given(show(event[1]), show(event[2]))
    raise InvalidArgument("events here are named with letters: P(A), P(A and B), P(A|B)",
                          hint="for a random variable, give its distribution: P(X = 3) where X ~ …")


def names(event) -> set[str]:
    if event[0] == "name":
        return {event[1]}
    return set().union(*(names(e) for e in event[1:]))


def negate(event):
    """The opposite event, without a double negation: not (not A) is A."""
    return event[1] if event[0] == "not" else ("not", event)


def _key(event):
    """Events that mean the same thing: A and B = B and A, not not A = A."""
    if event[0] == "not" and event[1][0] == "not":
        return _key(event[1][1])
    if event[0] in ("and", "or"):
        parts = sorted((_key(e) for e in event[1:]), key=repr)
        return (event[0], *parts)
    if event[0] in ("not", "given"):
        return (event[0], *(_key(e) for e in event[1:]))
    return event


class Rules:
    def __init__(self, known: dict, independent) -> None:
        self.known = {_key(e): v for e, v in known.items()}
        self.independent = independent
        self.steps: list[Step] = []
        self.keys: list = []            # the event each step found, in step order
        self.found: dict = {}           # the probabilities the steps found, not worked twice
        self.pending: set = set()

    def _rollback(self, mark: int) -> None:
        """Forget the steps of a route that did not work out."""
        del self.steps[mark:]
        del self.keys[mark:]
        self.found = {k: s.after for k, s in zip(self.keys, self.steps, strict=True)}

    def _independent_names(self, a: str, b: str) -> bool:
        if any(len(pair) == 0 for pair in self.independent):
            return a != b
        return any(set(p) == {a, b} for p in self.independent)

    def is_independent(self, a, b) -> bool:
        """A and B independent, or a complement of either: independence carries over to Aᶜ and Bᶜ."""
        a, b = _base(a), _base(b)
        return a[0] == "name" and b[0] == "name" and self._independent_names(a[1], b[1])

    def known_value(self, event):
        value = self.known.get(_key(event))
        return self.found.get(_key(event)) if value is None else value

    def _attempt(self, method, *args):
        """``method(*args)``, or None (with no steps left behind) when it cannot be done."""
        mark = len(self.steps)
        try:
            return method(*args)
        except _CannotFind:
            self._rollback(mark)
            return None

    def prob(self, event):
        value = self.known_value(event)
        if value is not None:
            return value
        kind = event[0]
        if kind == "name":
            return self._total_probability(event)
        if kind == "not":
            inner = self.prob(event[1])
            value = 1 - inner
            self._step(Rule.COMPLEMENT_RULE, event, value,
                       {"complement": show(event[1]), "difference": Plus(1, Minus(inner)), "complement_value": inner})
            return value
        if kind == "and":
            return self._intersection(event)
        if kind == "or":
            a, b = event[1:]
            pa, pb = self.prob(a), self.prob(b)
            both = self._intersection(("and", a, b))
            value = pa + pb - both
            self._check_range(value, event)
            self._step(Rule.ADDITION_RULE, event, value,
                       {"a": show(a), "b": show(b), "numbers": Plus(pa, pb, Minus(both))})
            return value
        if kind == "given":
            return self._conditional(event)
        raise InvalidArgument("I can't work with this event")

    def conditional_value(self, a, b):
        """P(a | b) when it is given, or its complement P(aᶜ | b) is (a step: 1 − P(aᶜ | b))."""
        value = self.known_value(("given", a, b))
        if value is not None:
            return value
        other = self.known_value(("given", negate(a), b))
        if other is None:
            raise _CannotFind(f"P({_text(('given', a, b))}) is not given", "")
        value = 1 - other
        self._step(Rule.CONDITIONAL_COMPLEMENT, ("given", a, b), value,
                   {"complement": show(negate(a)), "condition": show(b),
                    "difference": Plus(1, Minus(P(Given(show(negate(a)), show(b))))),
                    "numbers": Plus(1, Minus(other)), "complement_value": other})
        return value

    def _total_probability(self, b):
        """P(B) = P(B | A)·P(A) + P(B | Aᶜ)·P(Aᶜ), over an event A whose conditionals are given."""
        if _key(b) in self.pending:
            raise _CannotFind(f"P({_text(b)}) is needed but not given", f"add it, e.g. P({_text(b)}) = 0.3")
        self.pending.add(_key(b))
        try:
            return self._partition(b)
        finally:
            self.pending.discard(_key(b))

    def _partition(self, b):
        for event, _ in list(self.known.items()):
            if event[0] != "given" or _key(event[1]) not in (_key(b), _key(negate(b))):
                continue
            a = _base(event[2])
            not_a = negate(a)
            mark = len(self.steps)
            try:
                first = self.conditional_value(b, a)
                second = self.conditional_value(b, not_a)
                prior = self.prob(a)
                not_prior = self.prob(not_a)
            except _CannotFind:
                self._rollback(mark)
                continue
            value = first * prior + second * not_prior
            self._check_range(value, b)
            self._step(Rule.TOTAL_PROBABILITY, b, value,
                       {"b": show(b), "a": show(a), "not_a": show(not_a),
                        "numbers": Plus(Times(first, prior), Times(second, not_prior))})
            return value
        partial = [e for e in self.known if e[0] == "given" and _key(e[1]) == _key(b)]
        if partial:
            a = _base(partial[0][2])
            raise _CannotFind(f"P({_text(b)}) is needed but not given, nor both P({_text(b)}|{_text(a)}) and "
                              f"P({_text(b)}|{_text(negate(a))}) with P({_text(a)})",
                              f"add P({_text(b)}) = …, or P({_text(b)}|{_text(negate(a))}) = …")
        raise _CannotFind(f"P({_text(b)}) is needed but not given", f"add it, e.g. P({_text(b)}) = 0.3")

    def _intersection(self, event):
        value = self.known_value(event)
        if value is not None:
            return value
        a, b = event[1:]
        if self.is_independent(a, b):
            pa, pb = self.prob(a), self.prob(b)
            value = pa * pb
            base_a, base_b = _base(a), _base(b)
            if (base_a, base_b) == (a, b):
                reason = f"{_text(a)} and {_text(b)} are independent"
            else:
                reason = (f"{_text(base_a)} and {_text(base_b)} are independent, so {_show_text(a)} and "
                          f"{_show_text(b)} are independent too (an event independent of B is independent of Bᶜ: "
                          f"P(A ∩ Bᶜ) = P(A) − P(A)P(B) = P(A)P(Bᶜ))")
            self._step(Rule.MULTIPLICATION_RULE_INDEPENDENT, event, value,
                       {"a": show(a), "b": show(b), "numbers": Times(pa, pb), "reason": reason})
            return value
        for first, second in ((a, b), (b, a)):
            mark = len(self.steps)
            try:
                conditional = self.conditional_value(first, second)
                ps = self.prob(second)
            except _CannotFind:
                self._rollback(mark)
                continue
            value = conditional * ps
            self._check_intersection(value, first, second, f"P({_text(first)}|{_text(second)})·P({_text(second)})")
            self._step(Rule.MULTIPLICATION_RULE, event, value,
                       {"a": show(first), "b": show(second), "numbers": Times(conditional, ps)})
            return value
        union = self.known_value(("or", a, b))
        if union is not None:
            pa, pb = self.prob(a), self.prob(b)
            value = pa + pb - union
            self._check_range(value, event)
            self._check_intersection(value, a, b, f"P({_text(a)}) + P({_text(b)}) − P({_text(a)} or {_text(b)})")
            self._step(Rule.ADDITION_RULE_REARRANGED, event, value,
                       {"a": show(a), "b": show(b), "numbers": Plus(pa, pb, Minus(union))})
            return value
        for keep, drop in ((a, b), (b, a)):  # P(A ∩ Bᶜ) = P(A) − P(A ∩ B)
            if drop[0] != "not":
                continue
            mark = len(self.steps)
            try:
                whole = self.prob(keep)
                overlap = self._intersection(("and", keep, drop[1]))
            except _CannotFind:
                self._rollback(mark)
                continue
            value = whole - overlap
            self._check_range(value, event)
            self._step(Rule.INTERSECTION_WITH_COMPLEMENT, ("and", keep, drop), value,
                       {"a": show(keep), "b": show(drop[1]), "numbers": Plus(whole, Minus(overlap))})
            return value
        raise _CannotFind(f"P({_text(event)}) cannot be found from what is given",
                          self._hint(event))

    def _hint(self, event) -> str:
        a, b = event[1:]
        options = []
        both = ("and", _base(a), _base(b))
        if self.known_value(both) is None:
            options.append(f"give P({_text(both)})")
        if self.known_value(("given", a, b)) is None:
            options.append(f"give P({_text(a)}|{_text(b)})")
        options.append("say the events are independent")
        return ", or ".join(options)

    def _conditional(self, event):
        a, b = event[1:]
        mark = len(self.steps)
        try:
            return self.conditional_value(a, b)
        except _CannotFind:
            self._rollback(mark)
        if self.known_value(("and", a, b)) is None:
            value = self._attempt(self._bayes, a, b)
            if value is not None:
                return value
            if a[0] == "not":  # P(Aᶜ | B) = 1 − P(A | B), the latter by Bayes
                inner = self._attempt(self._bayes, a[1], b)
                if inner is not None:
                    value = 1 - inner
                    self._step(Rule.CONDITIONAL_COMPLEMENT, event, value,
                               {"complement": show(a[1]), "condition": show(b),
                                "difference": Plus(1, Minus(P(Given(show(a[1]), show(b))))),
                                "numbers": Plus(1, Minus(inner)), "complement_value": inner})
                    return value
        both = self._intersection(("and", a, b))
        pb = self.prob(b)
        if pb == 0:
            raise InvalidArgument(f"P({_text(b)}) = 0, so P({_text(event)}) is undefined")
        value = both / pb
        self._check_range(value, event)
        self._step(Rule.CONDITIONAL_PROBABILITY, event, value,
                   {"a": show(a), "b": show(b), "numbers": Times(both, sympy.Pow(pb, -1, evaluate=False))})
        return value

    def _bayes(self, a, b):
        likelihood = self.conditional_value(b, a)
        prior = self.prob(a)
        evidence = self.known_value(b)
        if evidence is None:
            evidence = self.prob(b)
        else:
            self._check_intersection(likelihood * prior, a, b, f"P({_text(b)}|{_text(a)})·P({_text(a)})")
        if evidence == 0:
            raise InvalidArgument(f"P({_text(b)}) = 0, so the conditional probability is undefined")
        value = likelihood * prior / evidence
        self._check_range(value, ("given", a, b))
        self._step(Rule.BAYES_THEOREM, ("given", a, b), value,
                   {"a": show(a), "b": show(b), "numbers": Times(likelihood, prior, sympy.Pow(evidence, -1,
                                                                                             evaluate=False)),
                    "percent": f"{float(value) * 100:.4g}%"})
        return value

    def _check_range(self, value, event) -> None:
        if not 0 <= value <= 1:
            raise InvalidArgument(
                f"the given probabilities are inconsistent: they make P({_text(event)}) = {sympy.sstr(value)}",
                hint="check them: P(A and B) cannot exceed P(A) or P(B), and no probability exceeds 1")

    def _check_intersection(self, value, a, b, how: str) -> None:
        """P(A and B), however it was found, can exceed neither P(A) nor P(B) where they are known."""
        for part in (a, b):
            bound = self.known_value(part)
            if bound is None and part[0] == "not" and self.known_value(part[1]) is not None:
                bound = 1 - self.known_value(part[1])
            if bound is not None and value > bound:
                raise InvalidArgument(
                    f"the given probabilities are inconsistent: P({_text(a)} and {_text(b)}) = {how} = "
                    f"{sympy.sstr(value)}, which is larger than P({_text(part)}) = {sympy.sstr(bound)}",
                    hint="an intersection can never be more likely than either event: check the given values")

    def _step(self, rule, event, value, parts):
        self.steps.append(Step(rule, P(show(event)), value, parts))
        self.keys.append(_key(event))
        self.found[_key(event)] = value


class _CannotFind(InvalidArgument):
    """A route to a probability that the given facts do not support (another may)."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message, hint=hint or None)


def _base(event):
    """The named event under any complements: A for A and for Aᶜ."""
    return _base(event[1]) if event[0] == "not" else event


def _show_text(event) -> str:
    """An event as the steps print it: Bᶜ, A ∩ B."""
    from ..render.math import to_text

    return to_text(show(event))


def _text(event) -> str:
    kind = event[0]
    if kind == "name":
        return event[1]
    if kind == "not":
        inner = _text(event[1])
        return f"not {inner}" if event[1][0] == "name" else f"not ({inner})"
    if kind == "given":
        return f"{_text(event[1])}|{_text(event[2])}"
    return f" {kind} ".join(_text(e) for e in event[1:])


def check_consistency(known: dict) -> None:
    """Refuse given probabilities that no probability space can have."""
    for event, value in known.items():
        if event[0] == "and":
            for part in event[1:]:
                p = known.get(part)
                if p is not None and value > p:
                    raise InvalidArgument(
                        f"P({_text(event)}) = {sympy.sstr(value)} is larger than P({_text(part)}) = {sympy.sstr(p)}",
                        hint="an intersection can never be more likely than either event")
        if event[0] == "or":
            for part in event[1:]:
                p = known.get(part)
                if p is not None and value < p:
                    raise InvalidArgument(
                        f"P({_text(event)}) = {sympy.sstr(value)} is smaller than P({_text(part)}) = {sympy.sstr(p)}",
                        hint="a union is at least as likely as each event")


def _statement(target, known: dict, independent, decimals: bool) -> str:
    """The question with what it is given: "P(A | B) given P(A) = 0.01, P(B | A) = 0.9, …"."""
    from ..render.math import to_text

    given = [f"{to_text(P(show(e)))} = {to_text(with_decimals(v) if decimals else v)}" for e, v in known.items()]
    for pair in independent:
        given.append(f"{' and '.join(pair)} independent" if pair else "the events independent")
    return f"{to_text(P(show(target)))} given {', '.join(given)}" if given else to_text(P(show(target)))


def solve_rules(problem, statement) -> Solution:
    data = problem.data
    known = dict(data["known"])
    check_consistency(known)
    rules = Rules(known, data["independent"])
    target = data["target"]
    try:
        value = rules.prob(target)
    except _CannotFind as error:   # no route found: say so as the error a person can act on
        raise InvalidArgument(error.message, hint=error.hint) from None
    if not rules.steps:
        raise InvalidArgument("this probability is already given", hint="ask for another one")
    notes = list(problem.notes)
    if data["independent"]:
        notes.append("the events are independent, as stated")
    steps = tuple(rules.steps)
    decimals = bool(re.search(r"(?<![\w.])\d*\.\d", problem.text))
    if decimals:     # decimals typed stay decimals: 0.9·0.01 = 0.009
        steps = tuple(replace(s, parts={k: with_decimals(v) for k, v in s.parts.items()}, after=with_decimals(s.after))
                      for s in steps)
    return Solution(problem=problem, statement=_statement(target, known, data["independent"], decimals), answer=value,
                    steps=steps,
                    assumptions=tuple(notes), answer_sympy=sympy.sstr(value),
                    extra={"decimal": sympy.N(value, 17), "percent": f"{float(value) * 100:.4g}%"})
