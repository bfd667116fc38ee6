"""How well `tracker extract` reads texts it was not written from: its proposals scored against
the hand labels of the real announcements in ``tests/fixtures/extract-dev/`` (development half
and test half, ``split.json``) and against the curated records of the five bundled articles.

    python bench/extract_eval.py            # the table (markdown)
    python bench/extract_eval.py --details  # and what the development half misses

The matching of a proposal to a label is defined in docs/extract.md ("How it is measured"); in
short: a labelled fact becomes items (one per count or quantity, one per vague magnitude, one per
event, one per official); a proposal becomes items the same way; an item matches when the text,
the kind, the field and the value agree, and (except for officials) the two quotes overlap in the
text. Each item is matched at most once. The test half is scored, never shown in detail.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import tracker  # noqa: E402
from tracker.extract.rules import Proposal, propose  # noqa: E402
from tracker.records import models as m  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "extract-dev"
BUNDLED = ROOT / "data"

# the label's field for each proposal field, by record type
FIELDS = {
    "actions": (
        "action",
        {
            "stated_persons": "persons",
            "stated_organizations": "organizations",
            "stated_vessels": "vessels",
            "stated_total": "total",
        },
    ),
    "control_list_revisions": (
        "list_revision",
        {"previous_count": "previous", "added": "added", "removed": "removed", "new_count": "new"},
    ),
}
LABEL_COUNTS = ("persons", "organizations", "vessels", "total")
LABEL_REVISION = ("previous", "added", "removed", "new")
# the labels keep "over" apart from "more than"; the dataset has one word for both
QUALIFIERS = {"over": "more_than"}
GROUPS = ("numeric", "magnitude", "event", "official")
GROUP_TITLES = {
    "numeric": "numeric facts (counts, list sizes, quantities)",
    "magnitude": "vague magnitudes (dozens, thousands ...)",
    "event": "dated events",
    "official": "officials",
}


@dataclass(frozen=True)
class Item:
    """One thing to be found: its group, a key that must agree, and where its quote stands."""

    group: str
    key: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    quote: str
    optional: bool = False  # a label that may be proposed but need not be

    def found_by(self, proposal: Item) -> bool:
        """Whether a proposal's item is this label's."""
        if self.group != proposal.group:
            return False
        if self.group == "event":
            date, weekday = self.key
            if proposal.key[0] != date or (weekday and proposal.key[1] != weekday):
                return False  # a weekday the label does not state is no fault
        elif self.key != proposal.key:
            return False
        if self.group == "official":
            return True  # the same person named in the same text, wherever the text names them
        return any(a < d and c < b for a, b in self.spans for c, d in proposal.spans)


def spans(text: str, quote: str) -> tuple[tuple[int, int], ...]:
    found, start = [], text.find(quote)
    while start >= 0 and quote:
        found.append((start, start + len(quote)))
        start = text.find(quote, start + 1)
    return tuple(found)


def qualifier(value: object) -> str:
    name = str(value or "exact")
    return QUALIFIERS.get(name, name)


def number(value: object) -> str:
    return f"{Decimal(str(value)).normalize():f}"


def name_key(name: object) -> str:
    return " ".join(str(name).replace("\u2019", "'").split()).casefold()


def event_key(on: object, weekday: object) -> tuple[str, ...]:
    return (str(on) if on else "", str(weekday).casefold()[:3] if weekday else "")


def label_items(text: str, facts: Iterable[dict[str, Any]]) -> list[Item]:
    items: list[Item] = []
    for fact in facts:
        kind, values, quote = fact["kind"], fact["values"], fact["quote"]
        where = spans(text, quote)
        optional = values.get("count_stated") is False
        if kind in ("action", "list_revision"):
            names = LABEL_COUNTS if kind == "action" else LABEL_REVISION
            for name in names:
                if values.get(name) is not None:
                    key = (kind, name, number(values[name]))
                    items.append(Item("numeric", key, where, quote, optional))
            if kind == "action" and values.get("date"):
                # a past action dated in its own sentence is labelled once, as the action
                items.append(Item("event", event_key(values["date"], None), where, quote, True))
        elif kind == "claim":
            if values.get("quantity") is not None:
                key = (
                    "claim",
                    "quantity",
                    number(values["quantity"]),
                    qualifier(values.get("qualifier")),
                )
                items.append(Item("numeric", key, where, quote, optional))
            else:
                key = ("claim", "qualifier", qualifier(values.get("qualifier")))
                items.append(Item("magnitude", key, where, quote, optional))
        elif kind == "event":
            key = event_key(values.get("date"), values.get("weekday"))
            items.append(Item("event", key, where, quote))
        elif kind == "official":
            items.append(Item("official", (name_key(values["name"]),), where, quote))
    return items


def proposal_items(text: str, proposals: Iterable[Proposal]) -> list[Item]:
    items: list[Item] = []
    for p in proposals:
        where = spans(text, p.quote)
        v = p.values
        if p.type in FIELDS:
            kind, names = FIELDS[p.type]
            for ours, theirs in names.items():
                if v.get(ours) is not None:
                    items.append(Item("numeric", (kind, theirs, number(v[ours])), where, p.quote))
        elif p.type == "claims":
            if v.get("quantity") is not None:
                key = ("claim", "quantity", number(v["quantity"]), qualifier(v.get("qualifier")))
                items.append(Item("numeric", key, where, p.quote))
            else:
                key = ("claim", "qualifier", qualifier(v.get("qualifier")))
                items.append(Item("magnitude", key, where, p.quote))
        elif p.type == "events":
            items.append(
                Item("event", event_key(v.get("on"), v.get("stated_weekday")), where, p.quote)
            )
        elif p.type == "officials":
            items.append(Item("official", (name_key(v["name"]),), where, p.quote))
    return items


@dataclass
class Score:
    labelled: int = 0
    proposed: int = 0
    right: int = 0

    @property
    def recall(self) -> float:
        return self.right / self.labelled if self.labelled else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.proposed if self.proposed else 1.0

    def add(self, other: Score) -> None:
        self.labelled += other.labelled
        self.proposed += other.proposed
        self.right += other.right


@dataclass
class Result:
    """Scores by group, and what was missed and proposed wrongly (text, item)."""

    scores: dict[str, Score] = field(default_factory=lambda: {g: Score() for g in GROUPS})
    missed: list[tuple[str, Item]] = field(default_factory=list)
    wrong: list[tuple[str, Item]] = field(default_factory=list)
    quotes: int = 0
    verbatim: int = 0


def score_text(
    name: str, text: str, labels: list[Item], proposed: list[Item], result: Result
) -> None:
    free = list(proposed)
    counted = {g: Score() for g in GROUPS}
    for label in sorted(labels, key=lambda i: i.optional):  # required labels first
        match = next((p for p in free if label.found_by(p)), None)
        if match is not None:
            free.remove(match)
            if label.optional:
                counted[label.group].proposed -= 1
            else:
                counted[label.group].right += 1
        if not label.optional:
            counted[label.group].labelled += 1
            if match is None:
                result.missed.append((name, label))
    for item in proposed:
        counted[item.group].proposed += 1
    result.wrong += [(name, item) for item in free]
    for group, score in counted.items():
        result.scores[group].add(score)


def corpus(half: str) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """(name, text, facts) of each text of a half (``dev`` or ``test``) of the split."""
    split = json.loads((CORPUS / "split.json").read_text(encoding="utf-8"))["texts"]
    found = []
    for name in sorted(n for n, v in split.items() if v["half"] == half):
        text = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
        facts = json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))["facts"]
        found.append((name, text, facts))
    return found


def evaluate(texts: Sequence[tuple[str, str, list[dict[str, Any]]]]) -> Result:
    """Scores of `tracker extract` on labelled texts (read without a publication date: the
    text's own header or byline is all it has)."""
    result = Result()
    for name, text, facts in texts:
        proposals = propose(text)
        result.quotes += len(proposals)
        result.verbatim += sum(1 for p in proposals if p.quote and p.quote in text)
        score_text(name, text, label_items(text, facts), proposal_items(text, proposals), result)
    return result


# --- the five bundled articles: their curated records are the labels ------------------------------

CURATED = {
    m.Action: ("action", {"stated_vessels": "vessels", "stated_organizations": "organizations",
                          "stated_persons": "persons", "stated_total": "total"}),
    m.ControlListRevision: ("list_revision", {"previous_count": "previous", "added": "added",
                                              "removed": "removed", "new_count": "new"}),
}  # fmt: skip


def bundled() -> Result:
    """The numeric facts and magnitudes of the five articles in data/sources/, against the
    curated records that quote them."""
    dataset = tracker.load(BUNDLED)
    sources = {s.id: s.file for s in dataset.table(m.Source).records}
    labels: dict[str, list[Item]] = {file: [] for file in sources.values()}
    texts = {f: (BUNDLED / "sources" / f).read_text(encoding="utf-8") for f in labels}
    for record_type, (kind, names) in CURATED.items():
        for record in dataset.table(record_type).records:
            file = sources[record.source_id]
            where = spans(texts[file], record.quote)
            for ours, theirs in names.items():
                value = getattr(record, ours)
                if value is not None:
                    labels[file].append(Item("numeric", (kind, theirs, number(value)), where, ""))
    for claim in dataset.table(m.Claim).records:
        file = sources[claim.source_id]
        where = spans(texts[file], claim.quote)
        if claim.quantity is not None:
            key = ("claim", "quantity", number(claim.quantity), claim.qualifier.value)
            labels[file].append(Item("numeric", key, where, ""))
        else:
            key = ("claim", "qualifier", claim.qualifier.value)
            labels[file].append(Item("magnitude", key, where, ""))
    result = Result()
    for file, text in sorted(texts.items()):
        proposals = propose(text)
        result.quotes += len(proposals)
        result.verbatim += sum(1 for p in proposals if p.quote and p.quote in text)
        numeric = [
            i for i in proposal_items(text, proposals) if i.group in ("numeric", "magnitude")
        ]
        score_text(file, text, labels[file], numeric, result)
    return result


# --- the table -----------------------------------------------------------------------------------

SETS = {
    "dev": "development half",
    "test": "test half",
    "bundled": "the five bundled articles",
}


def results(halves: Sequence[str] = ("dev", "test")) -> dict[str, Result]:
    found = {half: evaluate(corpus(half)) for half in halves}
    return {**found, "bundled": bundled()}


def table(found: dict[str, Result]) -> str:
    lines = [
        "| set | measured | labelled | proposed | right | recall | precision |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, result in found.items():
        for group in GROUPS:
            s = result.scores[group]
            if name == "bundled" and group in ("event", "official"):
                continue  # curated from the articles with judgement, not labelled per sentence
            lines.append(
                f"| {SETS[name]} | {GROUP_TITLES[group]} | {s.labelled} | {s.proposed} | {s.right} "
                f"| {s.recall:.2f} | {s.precision:.2f} |"
            )
        lines.append(
            f"| {SETS[name]} | quotes verbatim | {result.quotes} | {result.quotes} | "
            f"{result.verbatim} | {result.verbatim / result.quotes if result.quotes else 1:.2f} | |"
        )
    return "\n".join(lines)


def details(result: Result) -> str:
    out = []
    for title, items in (("missed", result.missed), ("wrong", result.wrong)):
        for name, item in items:
            out.append(f"{title} {name} {item.group} {item.key}: {item.quote[:160]!r}")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--details", action="store_true", help="misses and wrong proposals (development half)"
    )
    parser.add_argument(
        "--dev", action="store_true", help="the development half only (while writing rules)"
    )
    args = parser.parse_args(argv)
    found = results(("dev",) if args.dev else ("dev", "test"))
    print(table(found))
    if args.details:
        print()
        print(details(found["dev"]))
        print(details(found["bundled"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
