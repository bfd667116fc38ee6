"""Findings in the words a briefing uses: one status line ("0 errors, 5 warnings: the national
security adviser is named two ways; 17 announced parties are not itemized"), the records and
sources each finding rests on, and sources named by publisher and title instead of ids."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from tracker.problems import Location, Problem, Problems, Severity
from tracker.records.load import Dataset
from tracker.records.models import (
    RECORD_TYPES,
    STATED_TYPES,
    Action,
    Authority,
    Designation,
    Official,
    Record,
    Source,
)
from tracker.render import plural

NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}


@dataclass(frozen=True)
class Status:
    text: str
    worst: Severity | None  # None: nothing found


class Briefing:
    """What the report says about the findings, computed once from the dataset."""

    def __init__(self, dataset: Dataset, problems: Problems) -> None:
        self.dataset = dataset
        self.problems = problems
        self.sources = {s.id: s for s in dataset.table(Source).records}
        self._records: dict[tuple[str, int], Record] = {}
        for record_type in RECORD_TYPES:
            table = dataset.table(record_type)
            for index, row in enumerate(table.rows):
                self._records[(record_type.FILE, row)] = table.records[index]
        ids = sorted(self.sources, key=len, reverse=True)
        self._source_ids = (
            re.compile(r"(?<![a-z0-9-])(" + "|".join(map(re.escape, ids)) + r")(?![a-z0-9-])")
            if ids
            else None
        )

    def record(self, where: Location | Problem) -> Record | None:
        if where.row is None:
            return None
        return self._records.get((where.file, where.row))

    def source_ids(self, problem: Problem) -> list[str]:
        """The sources a finding rests on: its record's and its related records'."""
        found = [self.record(problem), *(self.record(r) for r in problem.related)]
        ids = [getattr(r, "source_id", None) for r in found if r is not None]
        if isinstance(found[0], Source):
            ids.insert(0, found[0].id)
        return list(dict.fromkeys(i for i in ids if i))

    def name_source(self, source_id: str) -> str:
        source = self.sources.get(source_id)
        if source is None:
            return source_id
        title = f"\u201c{source.title}\u201d"
        return f"{source.publisher}, {title}" if source.publisher else title

    def message(self, problem: Problem) -> str:
        """The finding's message with every source id replaced by its publisher and title."""
        if self._source_ids is None:
            return problem.message
        return self._source_ids.sub(lambda m: self.name_source(m.group(1)), problem.message)

    def note(self, problems: Iterable[Problem]) -> str:
        """The comment on a highlighted cell: every finding about it."""
        return "\n\n".join(
            f"{p.severity.value} ({p.code}): {self.message(p)}"
            + (f"\nHint: {p.hint}" if p.hint else "")
            for p in problems
        )

    # --- the status line ------------------------------------------------------------------------

    def status(self) -> Status:
        errors, warnings = self.problems.errors, self.problems.warnings
        counts = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
        if not errors and not warnings:
            return Status(f"{counts}: every check passed", None)
        phrases = [
            phrase
            for severity in Severity
            for phrase in self.phrases([p for p in self.problems if p.severity is severity])
        ]
        worst = Severity.error if errors else Severity.warning
        return Status(f"{counts}: " + "; ".join(phrases), worst)

    def phrases(self, problems: Sequence[Problem]) -> list[str]:
        """One phrase per rule (the most embarrassing first), one for all validation."""
        by_code: dict[str, list[Problem]] = defaultdict(list)
        for problem in problems:
            by_code[problem.code].append(problem)
        ranked = sorted(by_code.items(), key=lambda kv: (kv[0] != "name-conflict", -len(kv[1])))
        found = [PHRASES[code](self, group) for code, group in ranked if code in PHRASES]
        others = [code for code, _ in ranked if code not in PHRASES]
        if others:
            severity = problems[0].severity
            total = sum(self.problems.count(severity, code) for code in others)
            found.append(f"{total:,} validation {severity.value}s ({', '.join(sorted(others))})")
        return found

    def role_conflicts(self, group: Sequence[Problem]) -> str:
        roles: dict[str, set[str]] = defaultdict(set)
        for problem in group:
            official = self.record(problem)
            if isinstance(official, Official):
                names = {official.name}
                names |= {
                    r.name for r in map(self.record, problem.related) if isinstance(r, Official)
                }
                roles[official.role] |= names
        if len(roles) == 1:
            ((role, names),) = roles.items()
            return f"the {role} is named {NUMBER_WORDS.get(len(names), str(len(names)))} ways"
        return f"{len(roles)} roles are named in different ways by different sources"

    def missing_parties(self, group: Sequence[Problem]) -> str:
        if group[0].severity is Severity.error:
            return f"{plural(len(group), 'stated count')} below the parties itemized"
        itemized: dict[tuple[str, str], int] = defaultdict(int)
        for designation in self.dataset.table(Designation).records:
            itemized[(designation.action_id, designation.entity_type.value)] += 1
        types = {t.field: [t.entity_type] for t in STATED_TYPES}
        types["stated_total"] = [t.entity_type for t in STATED_TYPES]
        missing: dict[str, int] = defaultdict(int)  # by authority: never summed across them
        for problem in group:
            action = self.record(problem)
            if isinstance(action, Action) and problem.field in types:
                stated = getattr(action, problem.field) or 0
                count = sum(itemized[(action.id, t)] for t in types[problem.field])
                missing[action.authority_id] += stated - count
        names = {a.id: a.name for a in self.dataset.table(Authority).records}
        parts = [f"{n:,} ({names.get(a, a)})" for a, n in missing.items()]
        if len(parts) == 1:
            ((authority, n),) = missing.items()
            word = "party" if n == 1 else "parties"
            return f"{n:,} {word} {names.get(authority, authority)} announced are not itemized"
        return "announced parties not itemized: " + ", ".join(parts)


def counted(singular: str, many: str) -> Callable[[Briefing, Sequence[Problem]], str]:
    def phrase(briefing: Briefing, group: Sequence[Problem]) -> str:
        n = briefing.problems.count(group[0].severity, group[0].code)
        return (singular if n == 1 else many).format(n=f"{n:,}")

    return phrase


PHRASES: dict[str, Callable[[Briefing, Sequence[Problem]], str]] = {
    "name-conflict": Briefing.role_conflicts,
    "stated-vs-itemized": Briefing.missing_parties,
    "revision-arithmetic": counted(
        "an export-control revision does not add up", "{n} export-control revisions do not add up"
    ),
    "revision-chain": counted(
        "a revision does not follow the one before it", "{n} revisions do not follow the one before"
    ),
    "items-vs-revision": counted(
        "a revision differs from its itemized items", "{n} revisions differ from their items"
    ),
    "stated-total": counted("a stated total does not add up", "{n} stated totals do not add up"),
    "claim-series": counted("a claim contradicts another", "{n} claims contradict others"),
    "event-weekday": counted(
        "an event's date falls on another weekday than its source says",
        "{n} event dates fall on other weekdays than their sources say",
    ),
    "date-order": counted("a date is out of order", "{n} dates are out of order"),
    "duplicate": counted("a party is recorded twice", "{n} parties are recorded twice"),
    "action-vs-list": counted(
        "a stated count differs from what its official list added",
        "{n} stated counts differ from what their official lists added",
    ),
    "quote-verbatim": counted(
        "a quote is not in its source", "{n} quotes are not in their sources"
    ),
    "quote-numbers": counted("a number is not in its quote", "{n} numbers are not in their quotes"),
}
