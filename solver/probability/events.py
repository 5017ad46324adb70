"""Probability rules for named events: complement, addition, multiplication, conditional
probability, the law of total probability and Bayes' theorem."""

from __future__ import annotations

import sympy

from grammar import InvalidArgument

from ..rules import Rule
from ..steps import Given, Minus, Plus, Solution, Step, Times

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

    def is_independent(self, a, b) -> bool:
        if any(len(pair) == 0 for pair in self.independent):
            return True
        pair = {a[1], b[1]} if a[0] == "name" and b[0] == "name" else None
        return bool(pair) and any(set(p) == pair for p in self.independent)

    def known_value(self, event):
        return self.known.get(_key(event))

    def prob(self, event):
        value = self.known_value(event)
        if value is not None:
            return value
        kind = event[0]
        if kind == "name":
            raise InvalidArgument(f"P({event[1]}) is needed but not given",
                                  hint=f"add it, e.g. P({event[1]}) = 0.3")
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

    def _intersection(self, event):
        value = self.known_value(event)
        if value is not None:
            return value
        a, b = event[1:]
        if self.is_independent(a, b):
            pa, pb = self.prob(a), self.prob(b)
            value = pa * pb
            self._step(Rule.MULTIPLICATION_RULE_INDEPENDENT, event, value,
                       {"a": show(a), "b": show(b), "numbers": Times(pa, pb)})
            return value
        for first, second in ((a, b), (b, a)):
            conditional = self.known_value(("given", first, second))
            if conditional is not None:
                ps = self.prob(second)
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
        raise InvalidArgument(f"P({_text(event)}) cannot be found from what is given",
                              hint="give P(A and B), or say the events are independent, or give P(A|B)")

    def _conditional(self, event):
        a, b = event[1:]
        if self.known_value(("given", b, a)) is not None and self.known_value(("and", a, b)) is None:
            return self._bayes(a, b)
        if a[0] == "not" and self.known_value(("given", b, a[1])) is not None and \
                self.known_value(("and", a, b)) is None:  # P(not A | B) = 1 − P(A | B), the latter by Bayes
            inner = self._bayes(a[1], b)
            value = 1 - inner
            self._step(Rule.COMPLEMENT_RULE, event, value,
                       {"complement": show(("given", a[1], b)), "difference": Plus(1, Minus(inner)),
                        "complement_value": inner})
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
        likelihood = self.known_value(("given", b, a))
        prior = self.prob(a)
        evidence = self.known_value(b)
        not_a = negate(a)
        if evidence is None:
            other = self.known_value(("given", b, not_a))
            if other is None:
                raise InvalidArgument(f"Bayes' theorem needs P({_text(b)}) or P({_text(b)}|{_text(not_a)})",
                                      hint=f"add P({_text(b)}|{_text(not_a)}) = …")
            not_prior = self.prob(not_a)
            evidence = likelihood * prior + other * not_prior
            self._step(Rule.TOTAL_PROBABILITY, b, evidence,
                       {"b": show(b), "a": show(a), "not_a": show(not_a),
                        "numbers": Plus(Times(likelihood, prior), Times(other, not_prior))})
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


def solve_rules(problem, statement) -> Solution:
    data = problem.data
    known = dict(data["known"])
    check_consistency(known)
    rules = Rules(known, data["independent"])
    target = data["target"]
    value = rules.prob(target)
    if not rules.steps:
        raise InvalidArgument("this probability is already given", hint="ask for another one")
    notes = list(problem.notes)
    if data["independent"]:
        notes.append("the events are independent, as stated")
    return Solution(problem=problem, statement=P(show(target)), answer=value, steps=tuple(rules.steps),
                    assumptions=tuple(notes), answer_sympy=sympy.sstr(value),
                    extra={"decimal": sympy.N(value, 17), "percent": f"{float(value) * 100:.4g}%"})
