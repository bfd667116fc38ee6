"""Dates as announcements write them, and the one rule that resolves the ones they leave open.

Found, by a scan over a sentence's words (linear in its length): full dates in words ("June
19, 2024", "Feb. 1, 2023", "19 June 2024", "vrijdag 10 september 2021"), in digits
("2024-06-19", "09.07.2024", "5/22/2023", "14/05/2024", "22-Dec-2017"), days of a month
without a year ("June 19", "9 July", "May 18 (Fri)"), months with a year ("November 2018",
"April and December 2012", "October and November of this year"), months alone ("in April",
"last month"), weekdays ("on Thursday", "Wednesday"), and "a day after" / "the day before".
Month and weekday names come from the CLDR data that ``babel`` ships, in the languages of the
governments that announce sanctions (English, French, German, Dutch, Spanish, Italian,
Portuguese), so a republished release credited "gepubliceerd op vrijdag 10 september 2021"
dates itself.

Digits in an order that the numbers do not settle ("12/1/2023") are read in the order the
text's other dates use (a month written before its day: month first), else day first.

The rule, applied alike by `tracker extract` and to the bundled data (docs/records.md):

* a date the text states is taken as stated; a day of a month without a year takes the year
  of the latest such day on or before the anchor ("December 30" read on 5 January: the year
  before), or in a sentence about what is to come ("will", "until", "due to expire", "no
  later than") of the first such day on or after it;
* the anchor is the publication date (``--published``) when known, else the date of the
  text's own header, byline or dateline ("FOR IMMEDIATE RELEASE | Monday, May 6, 2024",
  "Bern, 09.07.2024 - ...", a line that is a date); a date inside the body (a photo
  caption, an earlier advisory) is never the anchor;
* a weekday alone is resolved against the anchor: the latest such day on or before it,
  within six days;
* "a day after" / "the day before" move the date of the event last dated before it by one
  day;
* a month without a year is read the same way; "this year" takes the anchor's year, "last
  year" the one before; "last month" is the month before the anchor's;
* without an anchor, what needs one stays open: the weekday is kept, the date is empty.

A date found by this rule, not read, is marked ``resolved``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from babel.dates import get_day_names, get_month_names

from tracker.values import PartialDate, Weekday

LANGUAGES = ("en", "fr", "de", "nl", "es", "it", "pt")


def _names() -> tuple[dict[str, int], dict[str, int]]:
    months: dict[str, int] = {}
    days: dict[str, int] = {}
    for language in LANGUAGES:
        for number, name in get_month_names("wide", locale=language).items():
            months.setdefault(name.casefold(), int(number))
        for number, name in get_day_names("wide", locale=language).items():
            days.setdefault(name.casefold(), int(number))
    for number, name in get_month_names("abbreviated", locale="en").items():
        months.setdefault(name.casefold(), int(number))
    months["sept"] = 9
    for number, name in get_day_names("abbreviated", locale="en").items():
        days.setdefault(name.casefold(), int(number))
    days.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
    return months, days


MONTHS, WEEKDAYS = _names()
ENGLISH_MONTHS = {name.casefold() for name in get_month_names("wide", locale="en").values()} | {
    name.casefold() for name in get_month_names("abbreviated", locale="en").values()
}
ORDER = list(Weekday)

# words and numbers with where they stand; punctuation one character at a time
_TOKEN = re.compile(r"\d+|[^\W\d_]+|[^\w\s]")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.casefold()


@dataclass(frozen=True)
class Mention:
    """A date as a sentence writes it (``start``/``end`` within the sentence): the parts it
    states, and for digits in an unsettled order, both readings."""

    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    weekday: Weekday | None = None
    relative: str | None = None  # "this year", "last year", "last month"
    swapped: tuple[int, int] | None = None  # (month, day) if the digits are read month first
    words: bool = True  # the month is written in words


def tokens(sentence: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]


def _weekday(token: Token | None, parenthesised: bool = False) -> Weekday | None:
    if token is None:
        return None
    number = WEEKDAYS.get(token.lower)
    if number is None:
        return None
    full = len(token.text) > 3 or parenthesised
    english = token.text[:1].isupper()
    if not full or (not english and token.lower in ("mon", "sun", "sat")):
        return None
    return ORDER[number]


def _month(token: Token, needs_capital: bool) -> int | None:
    number = MONTHS.get(token.lower.rstrip("."))
    if number is None:
        return None
    if token.lower in ENGLISH_MONTHS and needs_capital and not token.text[:1].isupper():
        return None  # "may" is a verb
    return number


def _day(token: Token | None) -> int | None:
    if token is None or not token.text.isdigit() or len(token.text) > 2:
        return None
    value = int(token.text)
    return value if 1 <= value <= 31 else None


def _year(token: Token | None) -> int | None:
    if token is None or not token.text.isdigit() or len(token.text) != 4:
        return None
    value = int(token.text)
    return value if 1800 <= value <= 2200 else None


@lru_cache(maxsize=512)
def mentions(sentence: str) -> tuple[Mention, ...]:
    """Every date a sentence writes, in order (kept for the sentences read last: every rule
    asks)."""
    found: list[Mention] = []
    words = tokens(sentence)
    count = len(words)

    def at(index: int) -> Token | None:
        return words[index] if 0 <= index < count else None

    def joined(index: int, text: str) -> bool:
        """``words[index]`` is ``text`` and touches its neighbours (no space around it)."""
        token = at(index)
        left, right = at(index - 1), at(index + 1)
        return (
            token is not None
            and token.text == text
            and left is not None
            and right is not None
            and left.end == token.start
            and token.end == right.start
        )

    def weekday_around(first: int, last: int) -> tuple[Weekday | None, int, int]:
        """A weekday just before (``Friday, April 5``) or after (``May 18 (Fri)``)."""
        index = first - 1
        if at(index) is not None and at(index).text == ",":  # type: ignore[union-attr]
            index -= 1
        before = _weekday(at(index))
        if before is not None:
            return before, index, last
        if at(last + 1) is not None and at(last + 1).text == "(":  # type: ignore[union-attr]
            after = _weekday(at(last + 2), parenthesised=True)
            if after is not None and at(last + 3) is not None and at(last + 3).text == ")":  # type: ignore[union-attr]
                return after, first, last + 3
        return None, first, last

    def relative_after(last: int) -> tuple[str | None, int]:
        """ "of this year", "this year", "last year" after a month."""
        index = last + 1
        if at(index) is not None and at(index).lower == "of":  # type: ignore[union-attr]
            index += 1
        first, second = at(index), at(index + 1)
        if (
            first is not None
            and second is not None
            and second.lower == "year"
            and first.lower in ("this", "last", "next")
        ):
            return f"{first.lower} year", index + 1
        return None, last

    def add(first: int, last: int, year: int | None, month: int | None, day: int | None,
            **extra: object) -> None:  # fmt: skip
        weekday, first, last = weekday_around(first, last)
        found.append(
            Mention(words[first].start, words[last].end, year, month, day, weekday, **extra)  # type: ignore[arg-type]
        )

    i = 0
    day: int | None
    year: int | None
    while i < count:
        token = words[i]
        # 2024-06-19
        if _year(token) and joined(i + 1, "-") and joined(i + 3, "-"):
            month_token, day_token = at(i + 2), at(i + 4)
            if (
                month_token is not None
                and day_token is not None
                and len(month_token.text) == 2
                and month_token.text.isdigit()
                and _day(day_token)
            ):
                add(i, i + 4, int(token.text), int(month_token.text), int(day_token.text),
                    words=False)  # fmt: skip
                i += 5
                continue
        # 09.07.2024, 5/22/2023, 14-05-2024, 22-Dec-2017
        if _day(token) and at(i + 1) is not None and at(i + 1).text in "./-":  # type: ignore[union-attr]
            separator = words[i + 1].text
            middle, year = at(i + 2), _year(at(i + 4))
            if (
                middle is not None
                and year is not None
                and joined(i + 1, separator)
                and joined(i + 3, separator)
            ):
                first_number = int(token.text)
                month_word = _month(middle, needs_capital=False)
                if month_word is not None and separator == "-":
                    add(i, i + 4, year, month_word, first_number)
                    i += 5
                    continue
                second = _day(middle)
                if second is not None:
                    swapped = (first_number, second) if first_number <= 12 else None
                    if second <= 12 or first_number <= 12:
                        parts = (first_number, second) if second <= 12 else (second, first_number)
                        if second > 12:
                            swapped = None
                        add(i, i + 4, year, parts[1], parts[0],
                            swapped=swapped if separator != "." else None, words=False)  # fmt: skip
                        i += 5
                        continue
        # June 19, 2024; Feb. 1, 2023; June 19; May 18 (Fri); November 2018
        month: int | None = _month(token, needs_capital=True)
        if month is not None:
            index = i + 1
            if at(index) is not None and at(index).text == "." and len(token.text) <= 4:  # type: ignore[union-attr]
                index += 1
            day = _day(at(index))
            if day is not None and not (at(index + 1) and at(index + 1).text in (":",)):  # type: ignore[union-attr]
                last = index
                if at(last + 1) is not None and at(last + 1).lower in ("st", "nd", "rd", "th"):  # type: ignore[union-attr]
                    last += 1
                comma = last + 1 if at(last + 1) is not None and at(last + 1).text == "," else last  # type: ignore[union-attr]
                year = _year(at(comma + 1))
                if year is not None:
                    add(i, comma + 1, year, month, day)
                    i = comma + 2
                    continue
                add(i, last, None, month, day)
                i = last + 1
                continue
            year = _year(at(index))
            if year is not None and token.text[:1].isupper():
                add(i, index, year, month, None)
                i = index + 1
                continue
            if (token.text[:1].isupper() and len(token.text) > 3) or token.lower == "may":
                # a month alone, or the first of a list: "April and December 2012"
                months = [(i, month)]
                index = i + 1
                while (
                    at(index) is not None
                    and at(index).lower in ("and", "or", ",", "to")  # type: ignore[union-attr]
                    and at(index + 1) is not None
                    and (nxt := _month(words[index + 1], needs_capital=True)) is not None
                    and words[index + 1].text[:1].isupper()
                ):
                    months.append((index + 1, nxt))
                    index += 2
                last = months[-1][0]
                year = _year(at(last + 1))
                relative, end = relative_after(last)
                if year is not None:
                    for position, number in months:
                        add(
                            position, last + 1 if position == last else position, year, number, None
                        )
                    i = last + 2
                    continue
                if relative is not None:
                    for position, number in months:
                        end_at = end if position == last else position
                        add(position, end_at, None, number, None, relative=relative)
                    i = end + 1
                    continue
                before = at(i - 1)
                if before is not None and before.lower in (
                    "in", "since", "until", "from", "by", "early", "late", "mid", "last", "this",
                    "during", "of",
                ):  # fmt: skip
                    for position, number in months:
                        add(position, position, None, number, None)
                    i = last + 1
                    continue
        # 19 June 2024; 9 July; 10 september 2021; 1st of May
        if _day(token) is not None:
            index = i + 1
            if at(index) is not None and at(index).lower in ("st", "nd", "rd", "th"):  # type: ignore[union-attr]
                index += 1
            if at(index) is not None and at(index).lower == "of":  # type: ignore[union-attr]
                index += 1
            word = at(index)
            with_year = _year(at(index + 1)) is not None
            month = _month(word, needs_capital=not with_year) if word is not None else None
            if month is not None and word is not None and len(word.text) >= 3:
                year = _year(at(index + 1)) or (
                    _year(at(index + 2)) if at(index + 1) and at(index + 1).text == "," else None  # type: ignore[union-attr]
                )
                if year is not None:
                    last = index + 1 if _year(at(index + 1)) else index + 2
                    add(i, last, year, month, int(token.text))
                    i = last + 1
                    continue
                add(i, index, None, month, int(token.text))
                i = index + 1
                continue
        # last month
        if token.lower == "last" and at(i + 1) is not None and at(i + 1).lower == "month":  # type: ignore[union-attr]
            found.append(
                Mention(token.start, words[i + 1].end, None, None, None, None, "last month")
            )
            i += 2
            continue
        i += 1
    return tuple(found)


def weekdays(sentence: str) -> list[tuple[Weekday, int, int]]:
    """Weekdays a sentence names in full, outside the dates it writes."""
    taken = [(m.start, m.end) for m in mentions(sentence)]
    found = []
    for token in tokens(sentence):
        day = _weekday(token)
        if day is None or len(token.text) <= 3 or not token.text[:1].isupper():
            continue
        if any(a <= token.start < b for a, b in taken):
            continue
        found.append((day, token.start, token.end))
    return found


# --- resolving ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dated:
    """A date a sentence gives: ``on`` when known, the weekday it states, and how it was had:
    ``stated`` (read), ``resolved`` (by the rule) or ``open``; where it stands in the
    sentence."""

    on: PartialDate | None
    weekday: Weekday | None
    basis: str  # stated | resolved | open
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Anchor:
    """What open dates are resolved against: a publication date, given or read from the
    text's header."""

    day: dt.date
    published: bool = True
    month_first: bool = False

    @classmethod
    def of(cls, text: str, published: dt.date | None) -> Anchor | None:
        order = text_order(text)
        if published is not None:
            return cls(published, True, order)
        day = header_date(text, order)
        return cls(day, True, order) if day else None

    def weekday(self, name: Weekday) -> dt.date:
        target = ORDER.index(name)
        if self.published:
            return self.day - dt.timedelta(days=(self.day.weekday() - target) % 7)
        return self.day + dt.timedelta(days=(target - self.day.weekday()) % 7)

    def year_for(self, month: int, day: int | None, future: bool) -> int:
        """The year of a month (and day) written without one: the latest such date on or
        before the anchor ("December 30" read on 5 January: the year before), or, in a
        sentence about what is to come ("will", "until", "due to expire"), the first on or
        after it."""
        here = (self.day.month, self.day.day if day is not None else 1)
        wanted = (month, day or 1)
        if future:
            return self.day.year + (1 if wanted < here else 0)
        return self.day.year - (1 if wanted > here else 0)


FUTURE = re.compile(
    r"\b(?:will|shall|until|expir\w*|due to|no later than|not later than|deadline|"
    r"takes? effect|(?:comes?|enters?) into force)\b",
    re.I,
)


def text_order(text: str) -> bool:
    """Month first when the text writes a date in digits that can only be month first
    ("5/22/2023"), or, with none that can only be day first ("14/05/2024"), writes a month in
    words before its day ("December 1")."""
    head = text[:20_000]
    if re.search(r"\b(?:1[3-9]|2\d|3[01])[/.]\d{1,2}[/.]\d{4}\b", head):
        return False
    if re.search(r"\b\d{1,2}/(?:1[3-9]|2\d|3[01])/\d{4}\b", head):
        return True
    return bool(
        re.search(
            r"\b(?:January|February|March|April|May|June|July|August|September|October|"
            r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.? \d{1,2}\b",
            head,
        )
    )


HEADER_CHARS = 1_500  # a header, byline or dateline stands in the text's first characters


def header_date(text: str, month_first_order: bool) -> dt.date | None:
    """The date of the text's own header, byline or dateline: a full date on a short line
    among its first lines, or at the start of a line ("Bern, 09.07.2024 - ...")."""
    for line in text[:HEADER_CHARS].splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        for m in mentions(stripped):
            if m.year is None or m.month is None or m.day is None:
                continue
            if len(stripped) > 120 and m.start > 40:
                continue  # a date inside a sentence of the body
            day = full(m, month_first_order)
            if day is not None:
                return day
    return None


def full(m: Mention, month_first_order: bool) -> dt.date | None:
    if m.year is None or m.month is None or m.day is None:
        return None
    month, day = m.month, m.day
    if m.swapped is not None and month_first_order:
        month, day = m.swapped
    try:
        return dt.date(m.year, month, day)
    except ValueError:
        return None


def resolve(m: Mention, anchor: Anchor | None, future: bool = False) -> Dated:
    """A mention as a date, by the rule."""
    order = anchor.month_first if anchor else False
    if m.relative == "last month":
        if anchor is None:
            return Dated(None, None, "open", m.start, m.end)
        first = anchor.day.replace(day=1) - dt.timedelta(days=1)
        return Dated(PartialDate(first.year, first.month), None, "resolved", m.start, m.end)
    if m.year is not None and m.month is not None:
        if m.day is None:
            return Dated(PartialDate(m.year, m.month), m.weekday, "stated", m.start, m.end)
        day = full(m, order)
        if day is None:
            return Dated(None, m.weekday, "open", m.start, m.end)
        return Dated(PartialDate.from_date(day), m.weekday, "stated", m.start, m.end)
    if m.month is None or anchor is None:
        return Dated(None, m.weekday, "open", m.start, m.end)
    if m.relative in ("this year", "next year", "last year"):
        shift = {"this year": 0, "next year": 1, "last year": -1}[m.relative]
        year = anchor.day.year + shift
    else:
        year = anchor.year_for(m.month, m.day, future)
    if m.day is None:
        return Dated(PartialDate(year, m.month), None, "resolved", m.start, m.end)
    try:
        day = dt.date(year, m.month, m.day)
    except ValueError:
        return Dated(None, m.weekday, "open", m.start, m.end)
    return Dated(PartialDate.from_date(day), m.weekday, "resolved", m.start, m.end)


def dates_in(sentence: str, anchor: Anchor | None) -> list[Dated]:
    """Every date a sentence gives, in order: its dates, then its weekdays alone."""
    future = FUTURE.search(sentence) is not None
    found = [resolve(m, anchor, future) for m in mentions(sentence)]
    for day, start, end in weekdays(sentence):
        if anchor is None:
            found.append(Dated(None, day, "open", start, end))
        else:
            found.append(
                Dated(PartialDate.from_date(anchor.weekday(day)), day, "resolved", start, end)
            )
    return found


def date_in(sentence: str, anchor: Anchor | None) -> Dated | None:
    """The date a sentence gives for what it tells, if any: the first it writes, with the
    weekday the sentence names."""
    found = dates_in(sentence, anchor)
    if not found:
        return None
    first = found[0]
    named = first.weekday or next((d.weekday for d in found if d.weekday), None)
    return Dated(first.on, named, first.basis, first.start, first.end)


DAY_AFTER = re.compile(r"\ba day (?P<way>after|later)\b|\bthe (?P<before>day before)\b", re.I)


def day_after(sentence: str, previous: Dated | None) -> Dated | None:
    """ "a day after" / "the day before" an event dated in an earlier sentence."""
    shift = DAY_AFTER.search(sentence)
    if shift is None or previous is None or previous.on is None or previous.on.full() is None:
        return None
    day = previous.on.full()
    assert day is not None
    day += dt.timedelta(days=-1 if shift["before"] else 1)
    return Dated(PartialDate.from_date(day), None, "resolved", shift.start(), shift.end())
