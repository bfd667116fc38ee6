"""The numbers a piece of prose states: "1,402", "1402", "11,000", "four", "two hundred and
forty-three", "1.5 million", "a dozen"; and the vague magnitudes it speaks of ("dozens",
"thousands", "hundreds of millions"). Exact: Decimal only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"dozen": 12, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
NUMBER_WORDS = set(UNITS) | set(SCALES) | {"hundred"}

# thousands separated by commas, or by the no-break and thin spaces of European texts ("1 200")
_TOKEN = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?!\d)|\d+(?:\.\d+)?|[a-z]+",
    re.IGNORECASE,
)
_SEPARATORS = str.maketrans("", "", ",\u00a0\u202f\u2009")


@dataclass(frozen=True)
class Mention:
    """A number as the text writes it: its value and where it stands (``text[start:end]``);
    ``words``: spelled out ("four"), not in digits."""

    value: Decimal
    start: int
    end: int
    words: bool = False


# the words of each vague magnitude (the names of tracker.values.Qualifier)
MAGNITUDE_WORDS = {
    "several": "several",
    "dozens": "dozens",
    "hundreds": "hundreds",
    "thousands": "thousands",
    "hundreds of millions": "hundreds_of_millions",
    "billions": "billions",
}
_MAGNITUDE = re.compile(
    r"\b(hundreds\s+of\s+millions|several|dozens|hundreds|thousands|billions)\b", re.I
)


@dataclass(frozen=True)
class StatedNumbers:
    values: frozenset[Decimal]
    magnitudes: frozenset[str]  # qualifier names: "dozens", "hundreds_of_millions"

    @property
    def dozens(self) -> bool:
        return "dozens" in self.magnitudes

    def states(self, number: Decimal) -> bool:
        return number in self.values


def stated_numbers(text: str) -> StatedNumbers:
    """Every number the text states, in digits or words."""
    found = mentions(text)
    values = {m.value for m in found}
    values |= {m.value * 100 for m in found if not m.words and _next_word(text, m.end) == "hundred"}
    magnitudes = {MAGNITUDE_WORDS[" ".join(m.lower().split())] for m in _MAGNITUDE.findall(text)}
    return StatedNumbers(frozenset(values), frozenset(magnitudes))


def mentions(text: str) -> list[Mention]:
    """The numbers of a text in order: digits ("1,402", "1.5 million" as 1,500,000 and 1.5) and
    runs of number words ("two hundred and forty-three", "a dozen"; "four, five and eight" are
    three numbers)."""
    tokens = list(_TOKEN.finditer(text))
    found: list[Mention] = []
    run: list[tuple[str, int, int]] = []  # number words: (word, start, end)
    skip = False
    for index, match in enumerate(tokens):
        if skip:
            skip = False
            continue
        token = match.group().lower()
        if token[0].isdigit():
            found += _words(run)
            value = Decimal(token.translate(_SEPARATORS))
            following = tokens[index + 1].group().lower() if index + 1 < len(tokens) else ""
            if following in SCALES:
                found.append(Mention(value, match.start(), match.end()))  # "1.5" of "1.5 million"
                value *= SCALES[following]
                found.append(Mention(value, match.start(), tokens[index + 1].end()))
                skip = True
                continue
            found.append(Mention(value, match.start(), match.end()))
        elif token in NUMBER_WORDS or (token == "and" and run):
            run.append((token, match.start(), match.end()))
        elif (
            token == "a"
            and index + 1 < len(tokens)
            and tokens[index + 1].group().lower() in NUMBER_WORDS
        ):
            run.append(("one", match.start(), match.end()))
        else:
            found += _words(run)
    found += _words(run)
    return sorted(found, key=lambda m: (m.start, -m.end))


def _next_word(text: str, end: int) -> str:
    match = _TOKEN.search(text, end)
    return match.group().lower() if match else ""


def _words(run: list[tuple[str, int, int]]) -> list[Mention]:
    """A run of number words as numbers: "two hundred and forty-three" -> 243, and "four,
    five and eight" -> 4, 5, 8 (a unit that cannot extend the number starts a new one)."""
    found: list[Mention] = []
    total = current = 0
    start = end = -1
    for word, word_start, word_end in run:
        if word == "and":
            continue
        if word in UNITS:
            value = UNITS[word]
            extends = current % 100 == 0 or (
                current % 10 == 0 and current % 100 >= 20 and value < 10
            )
            if start >= 0 and not extends:
                found.append(Mention(Decimal(total + current), start, end, words=True))
                total = current = 0
                start = -1
            current += value
        elif word == "hundred":
            current = (current or 1) * 100
        else:
            total += (current or 1) * SCALES[word]
            current = 0
        start = word_start if start < 0 else start
        end = word_end
    if start >= 0:
        found.append(Mention(Decimal(total + current), start, end, words=True))
    run.clear()
    return found
