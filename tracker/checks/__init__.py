"""Reconciliation rules, one function per rule id, grouped by family; ``run_checks`` runs them."""

from __future__ import annotations

from collections.abc import Iterable

from tracker.checks import arithmetic, claims, dates, duplicates, lists, names, quotes
from tracker.checks.registry import RULES, Rule
from tracker.context import Context
from tracker.problems import Problems
from tracker.records.load import Dataset

__all__ = [
    "RULES",
    "Rule",
    "arithmetic",
    "claims",
    "dates",
    "duplicates",
    "lists",
    "names",
    "quotes",
    "run_checks",
]


def run_checks(dataset: Dataset, context: Context, only: Iterable[str] = ()) -> Problems:
    """Validation problems plus every finding of the chosen rules (all when ``only`` is empty);
    rules never see rows that failed validation."""
    problems = dataset.problems.copy()
    for rule_id in list(only) or list(RULES):
        problems.extend(RULES[rule_id].run(dataset, context))
    return problems
