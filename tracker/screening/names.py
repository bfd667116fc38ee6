"""Names as screening compares them: Unicode NFKC, every script transliterated to ASCII
(anyascii), casefolded, punctuation dropped, digits kept; "SURNAME, Given" read as "Given
SURNAME" for people; legal forms recognised and canonicalised ("Limited Liability Company",
"OOO" and "LLC" are one form) but kept apart, never deleted, so they weigh little and still
count. The same analysis runs when the index is built and when a query arrives."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import jellyfish
from anyascii import anyascii
from rapidfuzz.distance import Levenshtein

from tracker.screening.words import COMMON, LEGAL_FORMS

_FORMS = sorted(
    ((tuple(f.split()), canonical) for canonical, forms in LEGAL_FORMS.items() for f in forms),
    key=lambda item: -len(item[0]),
)
_LONGEST = max(len(words) for words, _ in _FORMS)
_FORM_OF = {words: canonical for words, canonical in _FORMS}
_LONG_FORMS = [(w[0], c) for w, c in _FORMS if len(w) == 1 and len(w[0]) >= 6]
_NOT_WORD = re.compile(r"[^0-9a-z]+")
COMMON_WEIGHT = 0.4


@dataclass(frozen=True, slots=True)
class Name:
    """A name analysed: its words (legal forms apart), their sounds, and all of it joined."""

    text: str
    tokens: tuple[str, ...]
    legal: tuple[str, ...]
    phonetic: tuple[str, ...]
    skeletons: tuple[str, ...]  # each word with its romanisation variants written one way
    signatures: tuple[frozenset[str], ...]  # each word's keys: two words sharing none differ
    signature: frozenset[str]  # all of them
    initials: bool  # a word of one letter
    weights: tuple[float, ...]  # what each word says of who is named (see ``weight``)
    total: float  # the sum of the weights

    @property
    def joined(self) -> str:
        return "".join(self.tokens)

    @property
    def only_common(self) -> bool:
        """Every word common or a single letter: such a name cannot identify anyone alone."""
        return all(t in COMMON or len(t) < 2 for t in self.tokens)


def ascii_words(text: str) -> list[str]:
    """NFKC, transliterated, casefolded words; punctuation splits, digits stay."""
    plain = anyascii(unicodedata.normalize("NFKC", text)).casefold()
    return [w for w in _NOT_WORD.split(plain) if w]


@lru_cache(maxsize=200_000)
def analyse(text: str, person: bool = False) -> Name:
    """``person``: read "SURNAME, Given" as "Given SURNAME" (lists put the family name first)."""
    if person and text.count(",") == 1:
        family, given = (part.strip() for part in text.split(","))
        if family and split_legal(ascii_words(given))[0]:  # not "ROSEKSIMBANK, ZAO"
            text = f"{given} {family}"
    tokens, legal = split_legal(ascii_words(text))
    return named(text, tokens, legal)


def named(text: str, tokens: Sequence[str], legal: Sequence[str]) -> Name:
    weights = tuple(weight(t) for t in tokens)
    sounds = tuple(sound(t) for t in tokens)
    skeletons = tuple(skeleton(t) for t in tokens)
    signatures = tuple(map(word_keys, tokens, sounds, skeletons))
    return Name(
        text=text,
        tokens=tuple(tokens),
        legal=tuple(legal),
        phonetic=sounds,
        skeletons=skeletons,
        signatures=signatures,
        signature=frozenset().union(*signatures),
        initials=any(len(t) == 1 for t in tokens),
        weights=weights,
        total=sum(weights),
    )


def word_keys(token: str, sound: str, bare: str) -> frozenset[str]:
    """A word's keys: itself (``t:``); for three letters or more its sound (``p:``) and
    romanisation skeleton (``k:``); for 4 to 20 letters the skeleton whole and with each
    letter left out (``d:``: a typo, or a letter added or dropped, leaves one key in common);
    for 7 or more its first and last four letters (``x:``, ``y:``).
    Two words compared share one of them (or one is an initial of the other)."""
    keys = {"t:" + token}
    if len(token) >= 3 and not token.isdigit():
        keys.add("p:" + sound)
        keys.add("k:" + bare)
    if 4 <= len(bare) <= 20:
        keys.add("d:" + bare)
        keys.update("d:" + bare[:i] + bare[i + 1 :] for i in range(len(bare)))
    if len(bare) >= 7:  # a long word with two slips keeps its start or its end
        keys.add("x:" + bare[:4])
        keys.add("y:" + bare[-4:])
    return frozenset(keys)


def weight(token: str) -> float:
    """Common words and initials say little; numbers ("PETREL 8") say much."""
    if token.isdigit():
        return 1.0
    return COMMON_WEIGHT if token in COMMON or len(token) == 1 else 1.0


def split_legal(words: list[str]) -> tuple[list[str], list[str]]:
    """The words that are not a legal form, and the canonical legal forms found (longest
    match first; a long one-word form also with one letter wrong: "LIMITjD")."""
    tokens: list[str] = []
    legal: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST, len(words) - i), 0, -1):
            canonical = _FORM_OF.get(tuple(words[i : i + size]))
            if canonical is None and size == 1 and len(words[i]) >= 6:
                canonical = misspelt_form(words[i])
            if canonical is not None and (size > 1 or len(words) > 1):
                legal.append(canonical)
                i += size
                break
        else:
            tokens.append(words[i])
            i += 1
    return tokens, legal


def misspelt_form(word: str) -> str | None:
    """The legal form a word of six letters or more is, but for one letter."""
    for form, canonical in _LONG_FORMS:
        if (
            abs(len(form) - len(word)) <= 1
            and Levenshtein.distance(form, word, score_cutoff=1) <= 1
        ):
            return canonical
    return None


# spellings that vary between romanisations of one name, each written one way
ROMANISATIONS = (
    ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("gh", "g"), ("ph", "f"), ("th", "t"),
    ("ck", "k"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ie", "i"), ("ei", "i"), ("ey", "i"),
    ("iy", "i"), ("yi", "i"), ("y", "i"), ("w", "v"), ("q", "k"), ("c", "k"), ("x", "ks"),
)  # fmt: skip
_REPEATED = re.compile(r"(.)\1+")


def skeleton(token: str) -> str:
    """The word with romanisation variants written one way and doubled letters single:
    "Djairan" and "Jairan", "Moustafa" and "Mustafa", "Ammina" and "Amina" meet."""
    if token.isdigit():
        return token
    for spelling, written in ROMANISATIONS:
        token = token.replace(spelling, written)
    return _REPEATED.sub(r"\1", token)


def sound(token: str) -> str:
    """A phonetic key (Metaphone); numbers sound like themselves."""
    if token.isdigit() or len(token) < 3:
        return token
    return jellyfish.metaphone(token) or token
