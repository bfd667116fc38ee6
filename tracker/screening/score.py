"""The score of a query against one list entry: a pure function, named and versioned
(``ALGORITHM``), whose every part is a feature with its own score, weight and words.

The score is the best evidence, name or identifier, plus qualifiers:

* name: words aligned one to one (each pair by edit distance, of the words or of their
  romanisation skeletons, or by sound when Metaphone agrees on long words, or an initial;
  words one side runs together joined), weighted (a common word or an initial found weighs
  0.4, a word missing on the other side 1), the query's side counting 0.6 and the entry's
  0.4; or, when the names have different numbers of words, the names written together if
  that is closer and at least 0.9 alike ("GAZPROM BANK" / "GAZPROMBANK"). Legal forms weigh
  0.2 and count as agreeing, missing on one side (half) or differing (a long one-word form
  is recognised with one letter wrong). The best pair of query name and entry name (any
  alias) wins.
* identifier: the same valid IMO number is near certain (1.0), the same ID or MMSI number 0.95;
  a different valid IMO on the entry counts against (-0.40).
* birth date, graded: the same date +0.02; the same at the coarser precision (a year against a
  full date) 0; one unit off, day and month swapped or one digit wrong -0.03; disjoint -0.25.
* country: among the entry's countries +0.02; both known and disjoint -0.08.
* type: a different entity type than asked for -0.15.
* a query name made only of common words ("AL TRADING") is capped below ``match``.

Changing any of this makes a new ``VERSION``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from rapidfuzz.distance import Levenshtein

from tracker.screening.compare import compare, explain
from tracker.screening.names import COMMON_WEIGHT, Name, analyse, named
from tracker.screening.parts import Parsed, parse
from tracker.values import is_valid_imo_ship, list_date

ALGORITHM = "tracker-screen"
VERSION = 2
ALGORITHM_ID = f"{ALGORITHM}/{VERSION}"  # the default, and the keys of the index
V1, V2 = f"{ALGORITHM}/1", f"{ALGORITHM}/2"
ALGORITHMS = (V1, V2)  # each stays selectable: old decisions can be scored again
MATCH = 0.90  # at or above: match
REVIEW = 0.70  # at or above: review (the default threshold)
TOKEN_FLOOR = 0.75  # two words less alike than this do not match at all
JOINED_FLOOR = 0.9  # names written together count only when nearly the same
SOUND_SAME, SOUND_FLOOR, SOUND_LENGTH = 0.85, 0.6, 6  # words of 6+ letters, sounding alike
SKELETON_SAME = 0.95  # words the same but for romanisation or doubled letters
QUERY_SIDE = 0.6  # share of the query's words in the name score (the entry's: the rest)
LEGAL_WEIGHT = 0.2
IMO_SAME, ID_SAME, IMO_OTHER = 1.0, 0.95, -0.40
DATE_SAME, DATE_CLOSE, DATE_APART = 0.02, -0.03, -0.25
COUNTRY_SAME, COUNTRY_APART = 0.02, -0.08
TYPE_APART = -0.15
CAP_COMMON = MATCH - 0.01
_ID_TOKEN = re.compile(r"[0-9A-Z]*[0-9][0-9A-Z]*")


def band(score: float) -> str:
    return "match" if score >= MATCH else "review" if score >= REVIEW else "none"


@dataclass(frozen=True)
class Query:
    """Who or what is looked for."""

    id: str
    name: str
    type: str | None = None
    aliases: tuple[str, ...] = ()
    birth_date: str | None = None
    country: str | None = None
    imo: str | None = None
    id_number: str | None = None


@dataclass(frozen=True)
class Candidate:
    """A list entry as screening sees it."""

    source: str
    snapshot: int
    entry_id: str
    type: str
    names: tuple[str, ...]  # the name first, then every alias
    programs: tuple[str, ...] = ()
    imo: str | None = None
    numbers: frozenset[str] = frozenset()  # ID document, registration and MMSI numbers
    countries: frozenset[str] = frozenset()
    birth_dates: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.names[0]

    @cached_property
    def analysed(self) -> tuple[Name, ...]:
        """Its names analysed once (a person's read "Given SURNAME")."""
        return tuple(analyse(n, self.type == "person") for n in self.names)

    @cached_property
    def parsed(self) -> tuple[Parsed, ...]:
        """Its names analysed once as tracker-screen/2 does."""
        return tuple(parse(n, self.type) for n in self.names)


@dataclass(frozen=True)
class Feature:
    name: str
    score: float
    weight: float
    detail: str


@dataclass(frozen=True)
class Scored:
    """A query against a candidate: the score, its band, the entry name that matched, and the
    features whose score x weight add up to it (before it is held within 0..1)."""

    score: float
    matched_name: str
    features: tuple[Feature, ...] = field(default_factory=tuple)

    @property
    def band(self) -> str:
        return band(self.score)

    @property
    def explanation(self) -> str:
        return "; ".join(f.detail for f in self.features) + "."


# --- names ---------------------------------------------------------------------------------------


def word_similarity(a: str, b: str, sound_a: str, sound_b: str, bare_a: str, bare_b: str) -> float:
    """Two words, 0..1: the same; an initial (0.8); else the edit similarity of the words or of
    their romanisation skeletons (x 0.95), or 0.85 when words of six letters or more sound
    alike and are 0.6 alike; below 0.75, nothing."""
    if a == b:
        return 1.0
    if a.isdigit() or b.isdigit():
        return 0.0  # "VESSEL 1" is not "VESSEL 2"
    if len(a) == 1 or len(b) == 1:
        return 0.8 if a[0] == b[0] else 0.0  # an initial
    similar = Levenshtein.normalized_similarity(a, b)
    if sound_a == sound_b and similar >= SOUND_FLOOR and min(len(a), len(b)) >= SOUND_LENGTH:
        similar = max(similar, SOUND_SAME)
    similar = max(similar, SKELETON_SAME * Levenshtein.normalized_similarity(bare_a, bare_b))
    return similar if similar >= TOKEN_FLOOR else 0.0


def merged(name: Name, other: Name) -> Name:
    """``name`` with two adjacent words joined where the other name writes them as one."""
    words = set(other.tokens)
    tokens = list(name.tokens)
    i = 0
    while i < len(tokens) - 1:
        if tokens[i] + tokens[i + 1] in words:
            tokens[i : i + 2] = [tokens[i] + tokens[i + 1]]
        i += 1
    return name if len(tokens) == len(name.tokens) else named(name.text, tokens, name.legal)


def aligned(query: Name, entry: Name) -> tuple[float, list[tuple[str, str, float]]]:
    """Words paired one to one, the most alike first; the weighted share matched. Two words
    are compared only when they share a key (``names.word_keys``) or one is an initial."""
    if query.tokens == entry.tokens:
        return 1.0, [(t, t, 1.0) for t in query.tokens]
    if len(query.tokens) != len(entry.tokens):  # words one side runs together
        query, entry = merged(query, entry), merged(entry, query)
    initials = query.initials or entry.initials
    if not initials and query.signature.isdisjoint(entry.signature):
        return 0.0, []
    pairs = []
    for i, q in enumerate(query.tokens):
        keys = query.signatures[i]
        for j, e in enumerate(entry.tokens):
            if keys.isdisjoint(entry.signatures[j]) and not (
                initials and (len(q) == 1 or len(e) == 1)
            ):
                continue  # words that share no key are not alike
            similar = word_similarity(
                q, e, query.phonetic[i], entry.phonetic[j], query.skeletons[i], entry.skeletons[j]
            )
            if similar:
                pairs.append((similar, i, j))
    if not pairs:
        return 0.0, []
    pairs.sort(reverse=True)
    used_q: set[int] = set()
    used_e: set[int] = set()
    matched: list[tuple[str, str, float]] = []
    query_sum = entry_sum = query_weight = entry_weight = 0.0
    for similar, i, j in pairs:
        if i in used_q or j in used_e:
            continue
        used_q.add(i)
        used_e.add(j)
        matched.append((query.tokens[i], entry.tokens[j], similar))
        query_sum += query.weights[i] * similar
        entry_sum += entry.weights[j] * similar
        query_weight += query.weights[i]
        entry_weight += entry.weights[j]
    # a common word found is little evidence, but a word missing counts in full
    query_weight += sum(missing(t) for i, t in enumerate(query.tokens) if i not in used_q)
    entry_weight += sum(missing(t) for j, t in enumerate(entry.tokens) if j not in used_e)
    share = QUERY_SIDE * query_sum / query_weight + (1 - QUERY_SIDE) * entry_sum / entry_weight
    return share, matched


def missing(token: str) -> float:
    """What a word one name has and the other lacks counts against: in full, but for an
    initial (a number, "PETREL 8", counts in full)."""
    return COMMON_WEIGHT if len(token) == 1 and not token.isdigit() else 1.0


def legal_agreement(query: Name, entry: Name) -> float | None:
    """1 the same legal form, 0.5 one side has none, 0 different; None when neither has one."""
    if not query.legal and not entry.legal:
        return None
    if not query.legal or not entry.legal:
        return 0.5
    return 1.0 if set(query.legal) & set(entry.legal) else 0.0


def name_score(query: Name, entry: Name, explain: bool = False) -> tuple[float, str]:
    """How alike two names are (0..1), and, when asked, in words why."""
    if not query.tokens or not entry.tokens:
        return 0.0, "no words to compare"
    words, matched = aligned(query, entry)
    joined = 0.0
    if len(query.tokens) != len(entry.tokens):  # words split or run together differently
        joined = Levenshtein.normalized_similarity(
            query.joined, entry.joined, score_cutoff=JOINED_FLOOR
        )
    core = max(words, joined)
    legal = legal_agreement(query, entry)
    total = core if legal is None else (core + LEGAL_WEIGHT * legal) / (1 + LEGAL_WEIGHT)
    if not explain:
        return total, ""
    if joined > words:
        how = f"written together, {joined:.2f} alike"
    else:
        shown = [f"{q}={e}" if s == 1 else f"{q}~{e}" for q, e, s in matched]
        how = "words " + (", ".join(shown) if shown else "none alike")
    if legal is not None:
        form = {1.0: "same legal form", 0.5: "legal form on one side", 0.0: "other legal form"}
        how += f"; {form[legal]}"
    return total, how


# --- the score -----------------------------------------------------------------------------------


def score(query: Query, candidate: Candidate, algorithm: str = ALGORITHM_ID) -> Scored:
    """The query against one candidate, with its features."""
    scored = evaluate(query, candidate, True, algorithm)
    assert isinstance(scored, Scored)
    return scored


def quick(query: Query, candidate: Candidate, algorithm: str = ALGORITHM_ID) -> float:
    """The same score without its words: for the many candidates that are not hits."""
    value = evaluate(query, candidate, False, algorithm)
    assert isinstance(value, float)
    return value


def best_name_v1(query: Query, candidate: Candidate, explain: bool) -> tuple[float, int, int, str]:
    """The best pair of query name and entry name by tracker-screen/1, and why."""
    query_texts = (query.name, *query.aliases)
    query_names = [analyse(n, query.type in (None, "person")) for n in query_texts]
    best, best_query, best_entry = -1.0, 0, 0
    for j, entry_name in enumerate(candidate.analysed):
        for i, query_name in enumerate(query_names):
            similar = name_score(query_name, entry_name)[0]
            if similar > best:
                best, best_query, best_entry = similar, i, j
    how = ""
    if explain:
        how = name_score(query_names[best_query], candidate.analysed[best_entry], explain=True)[1]
    return best, best_query, best_entry, how


def best_name_v2(query: Query, candidate: Candidate, explain: bool) -> tuple[float, int, int, str]:
    """The best pair of query name and entry name by tracker-screen/2, and why."""
    kind = query.type or candidate.type
    query_names = [parse(n, kind) for n in (query.name, *query.aliases)]
    best, best_query, best_entry = -1.0, 0, 0
    for j, entry_name in enumerate(candidate.parsed):
        for i, query_name in enumerate(query_names):
            similar = compare(query_name, entry_name).score
            if similar > best:
                best, best_query, best_entry = similar, i, j
    how = ""
    if explain:
        entry_name = candidate.parsed[best_entry]
        how = explain_v2(query_names[best_query], entry_name)
    return best, best_query, best_entry, how


def explain_v2(query: Parsed, entry: Parsed) -> str:
    return explain(query, entry, compare(query, entry))


def only_common(query: Query, index: int, algorithm: str) -> bool:
    text = (query.name, *query.aliases)[index]
    if algorithm == V2:
        return parse(text, query.type or "").only_common
    return analyse(text, query.type in (None, "person")).only_common


def evaluate(
    query: Query, candidate: Candidate, explain: bool, algorithm: str = ALGORITHM_ID
) -> Scored | float:
    query_texts = (query.name, *query.aliases)
    best_name = best_name_v2 if algorithm == V2 else best_name_v1
    best, best_query, best_entry, how = best_name(query, candidate, explain)
    detail = ""
    if explain:
        detail = (
            f"name {query_texts[best_query]!r} ~ {candidate.names[best_entry]!r}: "
            f"{best:.2f} ({how})"
        )
    name = Feature("name", round(best, 4), 1.0, detail)
    identifier = identifier_feature(query, candidate)
    evidence = [name, identifier] if identifier else [name]
    strongest = identifier if identifier and identifier.score >= name.score else name
    features = [
        Feature(f.name, f.score, 1.0 if f is strongest else 0.0, f.detail) for f in evidence
    ]
    features += [
        f
        for f in (
            imo_conflict(query, candidate),
            birth_date_feature(query, candidate),
            country_feature(query, candidate),
            type_feature(query, candidate),
        )
        if f is not None
    ]
    total = sum(f.score * f.weight for f in features)
    if strongest is name and total > CAP_COMMON and only_common(query, best_query, algorithm):
        features.append(
            Feature(
                "common_words",
                round(CAP_COMMON - total, 4),
                1.0,
                f"every word of {query_texts[best_query]!r} is common: held below match",
            )
        )
        total = CAP_COMMON
    value = round(min(1.0, max(0.0, total)), 4)
    if not explain:
        return value
    return Scored(value, candidate.names[best_entry], tuple(features))


def identifier_feature(query: Query, candidate: Candidate) -> Feature | None:
    if query.imo and candidate.imo and query.imo == candidate.imo and is_valid_imo_ship(query.imo):
        return Feature("identifier", IMO_SAME, 1.0, f"IMO {query.imo} is the entry's")
    number = normal_number(query.id_number or "")
    if number and number in candidate.numbers:
        return Feature("identifier", ID_SAME, 1.0, f"number {query.id_number} is on the entry")
    return None


def imo_conflict(query: Query, candidate: Candidate) -> Feature | None:
    if (
        query.imo
        and candidate.imo
        and query.imo != candidate.imo
        and is_valid_imo_ship(query.imo)
        and is_valid_imo_ship(candidate.imo)
    ):
        return Feature(
            "identifier_conflict",
            IMO_OTHER,
            1.0,
            f"IMO {query.imo}, the entry's is {candidate.imo}",
        )
    return None


def normal_number(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def numbers_in(texts: Iterable[str]) -> frozenset[str]:
    """The document numbers in texts such as "Passport X123456 (Iran)": runs of letters and
    digits with at least one digit and five characters."""
    found = set()
    for text in texts:
        for token in _ID_TOKEN.findall(text.upper().replace("-", "")):
            if len(token) >= 5:
                found.add(token)
    return frozenset(found)


# --- qualifiers ----------------------------------------------------------------------------------


@lru_cache(maxsize=100_000)
def parts(text: str) -> tuple[int, int | None, int | None] | None:
    iso = list_date(text.removeprefix("circa ").strip())
    if iso is None:
        return None
    numbers = [int(p) for p in iso.split("-")]
    return (
        numbers[0],
        numbers[1] if len(numbers) > 1 else None,
        numbers[2] if len(numbers) > 2 else None,
    )


def date_relation(
    query: tuple[int, int | None, int | None], entry: tuple[int, int | None, int | None]
) -> tuple[str, float]:
    """same / consistent / close / apart, with the score it is worth."""
    common = [(q, e) for q, e in zip(query, entry, strict=True) if q is not None and e is not None]
    if all(q == e for q, e in common):
        full = len(common) == 3 or (None not in query and None not in entry)
        return ("the same date", DATE_SAME) if full else ("the same as far as both go", 0.0)
    off = [abs(q - e) for q, e in common]
    if sum(1 for d in off if d) == 1 and max(off) == 1:
        return "one unit apart", DATE_CLOSE
    if len(common) == 3 and (query[1], query[2]) == (entry[2], entry[1]) and query[0] == entry[0]:
        return "day and month swapped", DATE_CLOSE
    shown_q = "-".join(f"{p:02d}" for p in query if p is not None)
    shown_e = "-".join(f"{p:02d}" for p in entry if p is not None)
    if (
        len(shown_q) == len(shown_e)
        and sum(a != b for a, b in zip(shown_q, shown_e, strict=True)) == 1
    ):
        return "one digit apart", DATE_CLOSE
    return "apart", DATE_APART


def birth_date_feature(query: Query, candidate: Candidate) -> Feature | None:
    wanted = parts(query.birth_date or "")
    known = [(text, p) for text in candidate.birth_dates if (p := parts(text)) is not None]
    if wanted is None or not known:
        return None
    relation, worth, shown = max(
        ((*date_relation(wanted, p), text) for text, p in known), key=lambda r: r[1]
    )
    return Feature("birth_date", worth, 1.0, f"born {query.birth_date} / {shown}: {relation}")


def country_feature(query: Query, candidate: Candidate) -> Feature | None:
    if not query.country or not candidate.countries:
        return None
    if query.country in candidate.countries:
        return Feature("country", COUNTRY_SAME, 1.0, f"country {query.country} is the entry's")
    shown = ", ".join(sorted(candidate.countries))
    return Feature("country", COUNTRY_APART, 1.0, f"country {query.country}, the entry's {shown}")


def type_feature(query: Query, candidate: Candidate) -> Feature | None:
    if not query.type or query.type == candidate.type:
        return None
    return Feature("type", TYPE_APART, 1.0, f"a {candidate.type}, not a {query.type}")


def candidate_of(source: str, snapshot: int, entry: dict[str, object]) -> Candidate:
    """A store entry (as ``Store.entries`` gives it) as a screening candidate."""
    details = entry["details"]
    assert isinstance(details, dict)

    def listed(name: str) -> Sequence[str]:
        value = entry[name]
        return value if isinstance(value, list) else []

    countries = {
        c for c in (*listed("countries"), *details.get("nationalities", [])) if len(c) == 2
    }
    imo = entry["imo"]
    return Candidate(
        source=source,
        snapshot=snapshot,
        entry_id=str(entry["entry_id"]),
        type=str(entry["entity_type"]),
        names=(str(entry["name"]), *listed("aliases")),
        programs=tuple(listed("programs")),
        imo=str(imo) if imo else None,
        numbers=numbers_in([*details.get("ids", []), *details.get("mmsi", [])]),
        countries=frozenset(countries),
        birth_dates=tuple(details.get("dates_of_birth", [])),
    )
