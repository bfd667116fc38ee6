"""Dates as articles write them, and the one rule that resolves the ones they leave open.

Found: full dates ("June 19, 2024", "19 June 2024", "2024-06-19"), days of a month without a
year ("June 19"), months ("in April"), weekdays ("on Thursday", "Wednesday"), and "a day
after" / "the day before" an event of the same sentence.

The rule, applied alike by `tracker extract` and to the bundled data (README):

* a date the text states is taken as stated; a day of a month without a year takes the year
  of the anchor;
* the anchor is the publication date (``--published``) when known, else the first full date
  the text states;
* a weekday alone is resolved against the anchor: the latest such day on or before a
  publication date (a report tells what has happened), or the first such day on or after a
  dated event of the text (what followed it), within six days either way;
* "a day after" / "the day before" move the date of the event last dated before it by one
  day;
* a month named alone ("in April") takes the anchor's year, or the year before when the
  month comes after the anchor's;
* anything else ("last week", "this week") is kept in words, not dated.

A date found by this rule, not read, is marked ``resolved``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tracker.fields import PartialDate, Weekday

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december",
        ],
        start=1,
    )
}  # fmt: skip
_MONTH = "|".join(m.capitalize() for m in MONTHS)
_WEEKDAY = "|".join(d.value for d in Weekday)
FULL = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\.? (?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:, (?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}}) (?P<m2>{_MONTH})(?: (?P<y2>\d{{4}}))?"
    r"|(?P<iso>\d{4}-\d{2}-\d{2}))\b"
)
WEEKDAY = re.compile(rf"\b(?P<day>{_WEEKDAY})\b")
MONTH_ALONE = re.compile(rf"\b(?:[Ii]n|[Ss]ince|[Ll]ast|[Tt]his) (?P<month>{_MONTH})\b(?!\s+\d)")
DAY_AFTER = re.compile(r"\ba day (?P<way>after|later)\b|\bthe (?P<before>day before)\b", re.I)


@dataclass(frozen=True)
class Dated:
    """A date a sentence gives: ``on`` when known, the weekday it states, and how it was had:
    ``stated`` (read) or ``resolved`` (by the rule)."""

    on: PartialDate | None
    weekday: Weekday | None
    basis: str  # stated | resolved | open


def first_full_date(text: str) -> dt.date | None:
    for match in FULL.finditer(text):
        day = full_date(match, None)
        if day is not None:
            return day
    return None


def full_date(match: re.Match[str], year: int | None) -> dt.date | None:
    if match["iso"]:
        try:
            return dt.date.fromisoformat(match["iso"])
        except ValueError:
            return None
    month = MONTHS[(match["m1"] or match["m2"]).lower()]
    day = int(match["d1"] or match["d2"])
    stated = match["y1"] or match["y2"]
    if stated is None and year is None:
        return None
    try:
        return dt.date(int(stated) if stated else year or 1, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class Anchor:
    """What open dates are resolved against."""

    day: dt.date
    published: bool  # a publication date (else an event's date in the text)

    @classmethod
    def of(cls, text: str, published: dt.date | None) -> Anchor | None:
        if published is not None:
            return cls(published, True)
        first = first_full_date(text)
        return cls(first, False) if first else None

    def weekday(self, name: Weekday) -> dt.date:
        target = list(Weekday).index(name)
        if self.published:
            return self.day - dt.timedelta(days=(self.day.weekday() - target) % 7)
        return self.day + dt.timedelta(days=(target - self.day.weekday()) % 7)

    def month_day(self, match: re.Match[str]) -> dt.date | None:
        day = full_date(match, self.day.year)
        if (
            day is not None
            and self.published
            and day > self.day
            and not (match["y1"] or match["y2"])
        ):
            day = full_date(match, self.day.year - 1)  # "December 30" read in January
        return day


def date_in(sentence: str, anchor: Anchor | None) -> Dated | None:
    """The date a sentence gives for what it tells, if any (the first it states)."""
    weekday_match = WEEKDAY.search(sentence)
    weekday = Weekday(weekday_match["day"]) if weekday_match else None
    for match in FULL.finditer(sentence):
        stated = full_date(match, None)
        if stated is not None:
            return Dated(PartialDate.from_date(stated), weekday, "stated")
        if anchor is not None:
            day = anchor.month_day(match)
            if day is not None:
                return Dated(PartialDate.from_date(day), weekday, "resolved")
        return Dated(None, weekday, "open")
    if weekday is None:
        month = MONTH_ALONE.search(sentence)
        if month is None:
            return None
        if anchor is None:
            return Dated(None, None, "open")
        number = MONTHS[month["month"].lower()]
        year = anchor.day.year - (1 if number > anchor.day.month else 0)
        return Dated(PartialDate(year, number), None, "resolved")
    if anchor is None:
        return Dated(None, weekday, "open")
    return Dated(PartialDate.from_date(anchor.weekday(weekday)), weekday, "resolved")


def day_after(sentence: str, previous: Dated | None) -> Dated | None:
    """ "a day after" / "the day before" an event dated in an earlier sentence."""
    shift = DAY_AFTER.search(sentence)
    if shift is None or previous is None or previous.on is None or previous.on.full() is None:
        return None
    day = previous.on.full()
    assert day is not None
    day += dt.timedelta(days=-1 if shift["before"] else 1)
    return Dated(PartialDate.from_date(day), None, "resolved")
