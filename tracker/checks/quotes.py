"""Quote rules: every quote is in its source text, and every count it backs is in the quote."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache

from tracker import codes
from tracker.checks.registry import rule
from tracker.context import Context
from tracker.problems import Problem
from tracker.records.load import Dataset
from tracker.records.models import COUNT_FIELDS, RECORD_TYPES, Cited, Claim, Source
from tracker.records.numbers import stated_numbers
from tracker.values import MAGNITUDES


def squash(text: str) -> str:
    """Whitespace-insensitive form: runs of spaces, tabs and newlines become one space."""
    return " ".join(text.split())


def source_texts(dataset: Dataset) -> tuple[dict[str, str], list[Problem]]:
    """Squashed text of every readable source; a text that is not UTF-8 is a problem."""
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    table = dataset.table(Source)
    for index, source in table:
        try:
            text = dataset.source_text(source)
        except (UnicodeDecodeError, OSError):
            problems.append(
                codes.QUOTE_VERBATIM(
                    table.where(index, "file"),
                    f"source text {source.file!r} is not UTF-8: its quotes cannot be checked",
                    hint="save the text as UTF-8",
                    value=source.file,
                )
            )
            continue
        if text is not None:  # else reported by validation as source-file-missing
            texts[source.id] = squash(text)
    return texts, problems


@rule(codes.QUOTE_VERBATIM)
def quote_verbatim(dataset: Dataset, context: Context) -> Iterator[Problem]:
    texts, problems = source_texts(dataset)
    yield from problems
    found: dict[tuple[str, str], bool] = {}
    for record_type in RECORD_TYPES:
        if not issubclass(record_type, Cited):
            continue
        table = dataset.table(record_type)
        for index, record in table:
            text = texts.get(record.source_id)
            if text is None:
                continue  # missing or unreadable source: reported once, above or by validation
            key = (record.source_id, record.quote)
            if key not in found:
                found[key] = squash(record.quote) in text
            if not found[key]:
                yield codes.QUOTE_VERBATIM(
                    table.where(index, "quote"),
                    f"the quote is not in source {record.source_id!r}: {shorten(record.quote)!r}",
                    value=record.quote,
                )


def shorten(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@lru_cache(maxsize=4096)
def numbers_in(quote: str) -> tuple[frozenset[Decimal], frozenset[str]]:
    """The numbers a quote states, and the vague magnitudes it says."""
    found = stated_numbers(quote)
    return found.values, found.magnitudes


def states(quote: str, value: int | Decimal) -> bool:
    """Does the quote state this number? Digits are looked for directly (fast, and most quotes
    use digits); only then is the quote read in full, words included."""
    for digits in {f"{value}", f"{value:,}"}:
        start = quote.find(digits)
        while start >= 0:
            if stands_alone(quote, start, start + len(digits)):
                return True
            start = quote.find(digits, start + 1)
    return Decimal(value) in numbers_in(quote)[0]


def stands_alone(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is a whole number, not part of one ("243" in "1,243": no)."""
    before, after = text[max(0, start - 2) : start], text[end : end + 2]
    joined_before = before[-1:].isdigit() or (before[-1:] in {",", "."} and before[:1].isdigit())
    joined_after = after[:1].isdigit() or (after[:1] in {",", "."} and after[1:].isdigit())
    return not joined_before and not joined_after


@rule(codes.QUOTE_NUMBERS)
def quote_numbers(dataset: Dataset, context: Context) -> Iterator[Problem]:
    for record_type, fields in COUNT_FIELDS.items():
        table = dataset.table(record_type)
        for index, record in table:
            for name in fields:
                value = getattr(record, name)
                if value is None or states(record.quote, value):
                    continue
                values = numbers_in(record.quote)[0]
                yield codes.QUOTE_NUMBERS(
                    table.where(index, name),
                    f"{name} {value:,} does not appear in the quote "
                    f"(it states {', '.join(f'{v:,}' for v in sorted(values)) or 'no number'})",
                    value=value,
                )
            if (
                isinstance(record, Claim)
                and record.qualifier in MAGNITUDES
                and record.qualifier.value not in numbers_in(record.quote)[1]
            ):
                words = record.qualifier.value.replace("_", " ")
                yield codes.QUOTE_NUMBERS(
                    table.where(index, "qualifier"),
                    f"qualifier is {record.qualifier.value!r} but the quote does not say {words!r}",
                    hint="quote the words that state the amount, or correct the qualifier",
                    value=record.qualifier,
                )
