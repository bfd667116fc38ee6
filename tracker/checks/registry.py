"""The rule registry: each rule is a function named after its rule id, registered with its
catalogue code (which holds the description and hint)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tracker.codes import Code
from tracker.context import Context
from tracker.problems import Problem
from tracker.records.load import Dataset

RuleFunction = Callable[[Dataset, Context], Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    code: Code
    run: RuleFunction

    @property
    def id(self) -> str:
        return self.code.id

    @property
    def description(self) -> str:
        return self.code.description


RULES: dict[str, Rule] = {}


def rule(code: Code) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule under its code's id."""

    def register(func: RuleFunction) -> RuleFunction:
        assert code.id not in RULES, code.id
        RULES[code.id] = Rule(code, func)
        return func

    return register
