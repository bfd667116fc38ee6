"""The rule registry: each rule is a function named after its rule id, registered with it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tracker.context import Context
from tracker.load import Dataset
from tracker.problems import Problem

RuleFunction = Callable[[Dataset, Context], Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    run: RuleFunction


RULES: dict[str, Rule] = {}


def rule(rule_id: str, description: str) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule under its stable id."""

    def register(func: RuleFunction) -> RuleFunction:
        assert rule_id not in RULES, rule_id
        RULES[rule_id] = Rule(rule_id, description, func)
        return func

    return register
