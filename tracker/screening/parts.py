"""Names as `tracker-screen/2` compares them: parts that say who is named, analysed once.

rigour (the name library of followthemoney and yente) splits and tags a name: each part in
Latin letters (ICU transliteration of every script), legal forms recognised in many languages
and written one way ("Aktiengesellschaft" and "AG" are one JSC; "Obshchestvo s ogranichennoy
otvetstvennostyu", "OOO", "TOV", "Sp. z o.o." and "GmbH" one LLC), ordinals and numbers read
("2nd" and "Second" are 2, "Twenty-Six" is 26), and given names and their short forms linked
across scripts and languages by Wikidata ("Sasha" and "Aleksandr", "Bob" and "Robert",
"محمد" and "Muhammad").

What is ours: each part's romanisation skeleton (the ways German, French, Polish, Latvian and
English write one Russian or Ukrainian sound, written one way: "Schoigu" and "Shoigu",
"Sierhiej" and "Serhiy"); Korean syllables one by one, Hangul and the romanisations of South
and North (McCune-Reischauer: "Ch'ŏl", "Cheol" and "Chol" are one syllable); Arabic script by its
consonants ("دقلو" and "Dagalo"); the words that are too common to say who is named; and the
keys two parts must share to be compared at all.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from anyascii import anyascii
from rigour.names import NamePartTag, NameTypeTag, Symbol, analyze_names

from tracker.screening.names import skeleton, sound
from tracker.screening.words import COMMON, KOREAN_FAMILY, LEGAL_FORMS, ROMANISATIONS_V2

TAGS = {
    "person": NameTypeTag.PER,
    "organization": NameTypeTag.ORG,
    "vessel": NameTypeTag.OBJ,
    "aircraft": NameTypeTag.OBJ,
}
COMMON_WEIGHT = 0.4
_NAME_SYMBOLS = (Symbol.Category.NAME, Symbol.Category.NICK)
_GENERIC_SYMBOLS = (Symbol.Category.SYMBOL, Symbol.Category.DOMAIN)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_VOWELS = re.compile(r"[aeiouyw]")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
# legal forms rigour leaves as words ("Corp", "Company", "TOO"), by our list (words.py), in
# rigour's classes where it has one
_CLASSES = {"llc": "LLC", "jsc": "JSC", "ltd": "LLC", "corp": "CORP", "lp": "LP", "pt": "PT"}
EXTRA_FORMS = {
    form: _CLASSES[canonical]
    for canonical, forms in LEGAL_FORMS.items()
    for form in forms
    if " " not in form
}


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a name: how it is written (ASCII), its skeleton and sound, the symbols
    rigour gives it, the keys it is compared by and what it weighs."""

    text: str
    bare: str  # romanisation skeleton
    sound: str  # Metaphone
    consonants: str  # what Arabic script writes of it
    syllable: str  # its Korean syllable form
    frame: str  # its consonants but h and w, doubled letters once: vowels apart, the same
    symbols: frozenset[str]  # "n:" given names (Wikidata), "s:" generic words, "#" numbers
    keys: frozenset[str]
    weight: float
    kind: str  # word, initial, number, stop
    script: str  # "latin", "arabic", "hangul", "other"

    @property
    def identifying(self) -> bool:
        """A part that names someone: not a particle, initial, number or common word."""
        return self.kind == "word" and self.weight == 1.0


@dataclass(frozen=True, slots=True)
class Run:
    """Two or three adjacent parts as one word ("Shams ur Rahman" as "Shamsurrahman"), made
    once with the name."""

    start: int
    size: int
    text: str
    bare: str
    frame: str
    consonants: str
    arabic: bool


@dataclass(frozen=True, slots=True)
class Parsed:
    """A name analysed: its parts (legal forms apart) and its legal forms."""

    text: str
    parts: tuple[Part, ...]
    legal: frozenset[str]  # legal form classes (LLC, JSC...)
    legal_text: tuple[str, ...]  # the legal forms as written, normalised
    keys: frozenset[str]  # every part's keys
    total: float  # sum of the parts' weights
    korean: bool  # a person's Korean name: a family name and syllables
    spelled: str  # every word, legal forms too, written together
    runs: tuple[Run, ...]  # every two and three adjacent parts

    @property
    def only_common(self) -> bool:
        return bool(self.parts) and all(p.weight < 1.0 for p in self.parts)

    @property
    def joined(self) -> str:
        return "".join(p.text for p in self.parts)


def script_of(text: str) -> str:
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            if name.startswith("LATIN"):
                continue
            if name.startswith("ARABIC"):
                return "arabic"
            if name.startswith("HANGUL"):
                return "hangul"
            return "other"
    return "latin"


def bare_v2(token: str) -> str:
    """The v1 skeleton, with the spellings other European languages use for one sound."""
    if token.isdigit():
        return token
    for spelling, written in ROMANISATIONS_V2:
        token = token.replace(spelling, written)
    return skeleton(token)


_SOFT_LETTERS = re.compile(r"[aeiouyhw]+")
_DOUBLED = re.compile(r"(.)\1+")


def frame_of(text: str) -> str:
    """What two spellings that differ in vowels, an h or w, or a doubled letter only have in
    common (``compare.vowels_apart`` is true only where the frames are the same)."""
    return _DOUBLED.sub(r"\1", _SOFT_LETTERS.sub("", _DOUBLED.sub(r"\1", text)))


def consonants_of(token: str, form: str = "") -> str:
    """A part as Arabic script writes it: consonants, the article and a final ta marbuta
    apart."""
    if token.isdigit():
        return token
    if form.startswith("ال") and token.startswith("l") and len(token) > 2:
        token = token[1:]
    if form.endswith("ة") and token.endswith(("h", "t")):
        token = token[:-1]
    # "th" is how Arabic writes ث, which Persian, Urdu and Turkish spellings write "s"
    # ("Wasiq" / "وثيق", "Osman" / "عثمان")
    plain = token.replace("dzh", "j").replace("dj", "j").replace("th", "s").replace("dh", "d")
    plain = plain.replace("kh", "h").replace("sh", "s").replace("ch", "s").replace("z", "d")
    plain = plain.replace("gh", "g").replace("q", "k").replace("g", "k").replace("c", "k")
    plain = _VOWELS.sub("", plain)
    return re.sub(r"(.)\1+", r"\1", plain)


KOREAN_VOWELS = (("eo", "o"), ("eu", "u"), ("oe", "e"), ("ae", "e"), ("ui", "i"), ("wo", "o"))
KOREAN_CONSONANTS = (
    ("ch", "j"), ("k", "g"), ("t", "d"), ("p", "b"), ("r", "l"), ("sh", "s"), ("'", ""),
)  # fmt: skip


def korean(token: str) -> str:
    """A Korean syllable written one way whatever the romanisation (South's Revised, the
    North's McCune-Reischauer, English habits): "ch'ol", "cheol" and "chol" are one."""
    token = KOREAN_FAMILY.get(token, token)
    for spelling, written in KOREAN_VOWELS + KOREAN_CONSONANTS:
        token = token.replace(spelling, written)
    return token


def part_keys(
    text: str, bare: str, sound_: str, cons: str, symbols: frozenset[str]
) -> frozenset[str]:
    """The keys two parts must share to be compared: the part, its skeleton and sound, the
    skeleton with each letter left out (for 4 to 20 letters: one typo leaves a key in
    common), its consonants, its Korean syllable form, and its symbols."""
    keys = {"t:" + text, *symbols}
    if len(text) >= 3 and not text.isdigit():
        keys.add("p:" + sound_)
        keys.add("k:" + bare)
        keys.add("c:" + cons)
    if 4 <= len(bare) <= 20:
        keys.add("d:" + bare)
        keys.update("d:" + bare[:i] + bare[i + 1 :] for i in range(len(bare)))
    if len(text) <= 6 and text.isalpha():
        keys.add("h:" + korean(text))
    return frozenset(keys)


def make_part(
    text: str, symbols: frozenset[str], kind: str, script: str, generic: bool, form: str = ""
) -> Part:
    bare = bare_v2(text)
    sound_ = sound(text)
    cons = consonants_of(text, form if script == "arabic" else "")
    if kind == "word" and len(text) == 1:
        kind = "initial"
    common = kind in ("stop", "initial") or generic or text in COMMON
    if script == "arabic" and cons in COMMON_CONSONANTS:  # "محمد" is as common as "Muhammad"
        common = True
    return Part(
        text=text,
        bare=bare,
        sound=sound_,
        consonants=cons,
        syllable=korean(text),
        frame=frame_of(text),
        symbols=symbols,
        keys=part_keys(text, bare, sound_, cons, symbols),
        weight=COMMON_WEIGHT if common else 1.0,
        kind=kind,
        script=script,
    )


COMMON_CONSONANTS = frozenset(consonants_of(w) for w in COMMON if not w.isdigit())


def ascii_of(form: str) -> str:
    return _NOT_WORD.sub("", anyascii(form).casefold())


def split_hangul(text: str) -> str:
    """Korean written in Hangul, one syllable a part (a Korean given name is two syllables)."""
    return _HANGUL.sub(lambda m: f" {m.group(0)} ", text) if _HANGUL.search(text) else text


def reordered(text: str, person: bool) -> str:
    """ "SURNAME, Given" as "Given SURNAME" (lists put the family name first)."""
    if person and text.count(",") == 1:
        family, given = (p.strip() for p in text.split(","))
        if family and given:
            return f"{given} {family}"
    return text


@lru_cache(maxsize=300_000)
def parse(text: str, type_: str) -> Parsed:
    """A name of an entity of this type (person, organization, vessel, aircraft; another or
    none: read as an organization or a person alike)."""
    tag = TAGS.get(type_, NameTypeTag.ENT)
    person = tag == NameTypeTag.PER
    prepared = split_hangul(reordered(unicodedata.normalize("NFKC", text), person))
    names = analyze_names(tag, [prepared], consolidate=False, phonetics=False)
    if not names:
        return Parsed(text, (), frozenset(), (), frozenset(), 0.0, False, "", ())
    name = max(names, key=lambda n: len(n.parts))
    symbols: dict[int, set[str]] = {}
    generic: set[int] = set()
    numbers: dict[int, tuple[int, str]] = {}  # first part -> (parts covered, value)
    legal: set[str] = set()
    legal_parts: set[int] = set()
    for span in name.spans:
        category = span.symbol.category
        indexes = [p.index for p in span.parts]
        if category == Symbol.Category.ORG_CLASS:
            legal.add(span.symbol.id)
            legal_parts.update(indexes)
        elif category in _NAME_SYMBOLS and len(indexes) == 1:
            symbols.setdefault(indexes[0], set()).add("n:" + span.symbol.id)
        elif category in _GENERIC_SYMBOLS and len(indexes) == 1:
            symbols.setdefault(indexes[0], set()).add("s:" + span.symbol.id)
            generic.add(indexes[0])
        elif category == Symbol.Category.NUMERIC and not person:
            start = min(indexes)
            if len(indexes) >= numbers.get(start, (0, ""))[0]:
                numbers[start] = (len(indexes), span.symbol.id)
    parts: list[Part] = []
    legal_text: list[str] = []
    skip = -1
    for part in name.parts:
        i = part.index
        if i <= skip:
            continue
        if i in legal_parts or part.tag == NamePartTag.LEGAL:
            legal_text.append(part.comparable)
            continue
        if not person and part.comparable in EXTRA_FORMS and len(name.parts) > 1:
            legal.add(EXTRA_FORMS[part.comparable])
            legal_text.append(part.comparable)
            continue
        if i in numbers:
            size, value = numbers[i]
            skip = i + size - 1
            parts.append(make_part(value, frozenset({"#" + value}), "number", "latin", False))
            continue
        script = script_of(part.form)
        written = part.comparable if part.comparable.isascii() else ascii_of(part.form)
        written = _NOT_WORD.sub("", written)
        if not written:
            continue
        if part.numeric or written.isdigit():
            kind = "number"
        elif part.tag == NamePartTag.STOP:
            kind = "stop"
        else:
            kind = "word"
        found = frozenset(symbols.get(i, ()))
        if kind == "number":
            found |= {"#" + written.lstrip("0")}
        parts.append(make_part(written, found, kind, script, i in generic, part.form))
    if not parts and legal_text:  # a name that is only a legal form ("Limited")
        parts = [make_part(t, frozenset(), "word", "latin", False) for t in legal_text]
        legal, legal_text = set(), []
    if not person and sum(1 for p in parts if len(p.text) == 1) >= 2:
        parts = joined_initials(parts)
    runs = runs_of(parts)
    keys = frozenset().union(
        *(p.keys for p in parts),
        ("t:" + a.text + b.text for a, b in pairwise(parts)),
        # parts written as one word in another script ("مطيع الله" / "Matiullah")
        ("c:" + run.consonants for run in runs),
    )
    return Parsed(
        text=text,
        parts=tuple(parts),
        legal=frozenset(legal),
        legal_text=tuple(legal_text),
        keys=keys,
        total=sum(p.weight for p in parts),
        korean=person and is_korean(parts),
        spelled="".join(
            _NOT_WORD.sub("", p.comparable if p.comparable.isascii() else ascii_of(p.form))
            for p in name.parts
        ),
        runs=runs,
    )


def runs_of(parts: list[Part]) -> tuple[Run, ...]:
    found = []
    for size in (2, 3):
        for i in range(len(parts) - size + 1):
            run = parts[i : i + size]
            text = "".join(p.text for p in run)
            found.append(
                Run(
                    start=i,
                    size=size,
                    text=text,
                    bare=bare_v2(text),
                    frame=frame_of(text),
                    consonants="".join(p.consonants for p in run),
                    arabic=any(p.script == "arabic" for p in run),
                )
            )
    return tuple(found)


def is_korean(parts: list[Part]) -> bool:
    """A Korean name: two or more syllables, one of them a Korean family name."""
    return (
        len(parts) >= 2
        and all(len(p.text) <= 6 and p.kind == "word" for p in parts)
        and any(p.text in KOREAN_FAMILY or p.text in KOREAN_FAMILY.values() for p in parts)
    )


def joined_initials(parts: list[Part]) -> list[Part]:
    """An organisation's run of single letters is one word, read in its order ("K. L. M.
    Trading" is KLM, not M.L.K.)."""
    out: list[Part] = []
    run: list[str] = []
    for part in [*parts, None]:
        if part is not None and len(part.text) == 1 and part.kind != "number":
            run.append(part.text)
            continue
        if run:
            text = "".join(run)
            out.append(
                make_part(text, frozenset(), "word" if len(run) > 1 else "initial", "latin", False)
            )
            run = []
        if part is not None:
            out.append(part)
    return out
