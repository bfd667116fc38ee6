"""A development set of real name variants: how governments themselves write one party, and
different parties whose names look alike. Built from the official list files in
``tests/fixtures/`` (nothing else is read), written once to ``bench/data/real_pairs.csv`` with
its provenance, and split once into ``dev`` and ``test`` parts (by a hash of the party, so one
party's names never sit on both sides).

    python bench/screening_real.py build     # rewrite bench/data/real_pairs.csv
    python bench/screening_real.py evaluate  # the accuracy tables, every scorer, one run

Positives (label 1), the same party written two ways:

* one entry's own names: the UN's name and its original-script name (``NAME_ORIGINAL_SCRIPT``)
  and its aliases of good and low quality; EU names by language; SECO and UK spellings by
  script; OFAC aliases (a.k.a., f.k.a., strong and weak);
* one party across lists, linked by what the files say of it, never by a name matcher: the UN
  reference number (the UN's own, on the UK and EU lists; the 2016 HM Treasury file's old form
  "QI.B.62.02" is the new "QDi.062"), the same passport or national identity number on two
  lists (persons whose birth years, where both lists give one, agree), and OFAC's own entry
  number across editions (SDN 2018 and 2021, the 2020 consolidated XML and the 2025 CSV).

Negatives (label 0), different parties of the same type on one list (so known to be
different) whose names share words: family names, given names, legal forms, Korean and Arabic
names that differ in one part; the pairs sharing the most words first, those born the same
year before others. Pairs whose names are the same words are left out (no name can tell them
apart).

Each pair gets a kind from how its two names differ, by a rule on the text alone (the same
rule for positives and negatives, so each kind holds both): ``script`` (one side in another
script), ``exact`` (the same words, case or punctuation apart), ``order`` (the same words in
another order), ``legal form`` (the names differ in a legal form, as rigour's org-type table
knows them), ``ordinal`` (the numbers or ordinal words differ), ``spacing`` (words split or run
together), ``typo`` (one letter added, dropped or changed), ``parts`` (one name's words a subset
of the other's), ``transliteration`` (the words align, spelt differently), ``other name``
(nothing in common: a nickname, a former name, an acronym).

Kept apart for an unbiased check and not used here, nor searched for: nomenklatura's name
benchmark and yente's candidate benchmark fixtures.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import combinations
from pathlib import Path
from typing import Any

from lxml import etree

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "tests" / "fixtures"
PAIRS = HERE / "data" / "real_pairs.csv.gz"
SEED = 20
PAIRS_PER_PARTY = 6  # positive pairs kept per party at most (spread over kinds)
NEGATIVES_PER_NAME = 2  # negatives drawn per party at most
COLUMNS = [
    "pair_id",
    "split",
    "kind",
    "label",
    "type",
    "left",
    "right",
    "left_source",
    "left_entry",
    "left_how",
    "right_source",
    "right_entry",
    "right_how",
    "link",
]


@dataclass
class Party:
    """One entry of one list file, with each of its names and how the list gives it."""

    source: str  # the list file, as in LISTS
    entry_id: str
    type: str
    names: list[tuple[str, str]] = field(default_factory=list)  # (name, how the list gives it)
    numbers: set[str] = field(default_factory=set)  # passport and identity numbers
    years: set[int] = field(default_factory=set)  # birth years
    refs: set[str] = field(default_factory=set)  # UN reference numbers (new form)
    ofac: str | None = None  # OFAC's entry number

    @property
    def key(self) -> str:
        return f"{self.source}:{self.entry_id}"

    def add(self, name: str | None, how: str) -> None:
        name = " ".join((name or "").split())
        if name and all(name != n for n, _ in self.names):
            self.names.append((name, how))


# --- the list files ------------------------------------------------------------------------------

OFFICIAL, CURRENT = FIXTURES / "official", FIXTURES / "official-current"
UN_REF = re.compile(r"\b([A-Z]{2}[ie]\.\d{3})\b")
OLD_UN_REF = re.compile(r"\bUN Ref\.?\s*(Q|T)([IE])\.[A-Z]\.(\d+)\.\d+")
NUMBER = re.compile(r"\b(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{5,}\b")
YEAR = re.compile(r"\b(1[89]\d\d|20[0-2]\d)\b")
KINDS_OF = {"person": "person", "organization": "organization", "vessel": "vessel"}


def numbers_in(texts: Iterable[str]) -> set[str]:
    """Document numbers: runs of six or more capitals, digits and hyphens with a digit, not a
    year or a date."""
    found = set()
    for text in texts:
        for token in NUMBER.findall(text.upper()):
            bare = token.replace("-", "")
            if len(bare) >= 6 and not YEAR.fullmatch(bare) and not re.fullmatch(r"\d{8}", bare):
                found.add(bare)
    return found


def years_in(texts: Iterable[str]) -> set[int]:
    return {int(y) for text in texts for y in YEAR.findall(text) if "islamic" not in text}


def text(node: etree._Element, path: str) -> str:
    return " ".join((node.findtext(path) or "").split())


def un_parties(path: Path) -> Iterator[Party]:
    """The UN list read raw: the importer keeps neither the original-script name nor the
    quality of an alias."""
    for node in etree.parse(str(path)).getroot().iter("INDIVIDUAL", "ENTITY"):
        person = node.tag == "INDIVIDUAL"
        ref = text(node, "REFERENCE_NUMBER")
        party = Party("un-2026", ref, "person" if person else "organization", refs={ref})
        parts = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
        party.add(" ".join(p for p in (text(node, t) for t in parts) if p), "name")
        party.add(text(node, "NAME_ORIGINAL_SCRIPT"), "original script")
        for alias in node.iterfind("INDIVIDUAL_ALIAS" if person else "ENTITY_ALIAS"):
            quality = text(alias, "QUALITY") or "unrated"
            party.add(text(alias, "ALIAS_NAME"), f"alias ({quality})")
        party.numbers = numbers_in(text(d, "NUMBER") for d in node.iterfind("INDIVIDUAL_DOCUMENT"))
        for born in node.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
            party.years |= years_in([text(born, "DATE"), text(born, "YEAR")])
        yield party


def imported(source: str, paths: Sequence[Path], label: str) -> Iterator[Party]:
    """Another list through the tracker's own importer (which only reads the file)."""
    from tracker.lists.importers.registry import source as source_of

    _, entries = source_of(source).parse(paths, (0, 1))
    for entry in entries:
        if entry.entity_type not in KINDS_OF:
            continue
        party = Party(label, entry.entry_id, entry.entity_type)
        party.add(entry.name, "name")
        by_script = {
            v.partition(": ")[2] or v: v.partition(": ")[0]
            for v in entry.details.get("names_by_script", [])
        }
        by_language = {
            v.partition(": ")[2]: v.partition(": ")[0]
            for v in entry.details.get("names_by_language", [])
        }
        for alias in entry.aliases:
            if alias in by_script:
                how = f"script {by_script[alias]}"
            elif alias in by_language:
                how = f"language {by_language[alias]}"
            else:
                how = "alias"
            party.add(alias, how)
        for spelt, script in by_script.items():
            party.add(spelt, f"script {script}")
        details = entry.details
        party.numbers = numbers_in(details.get("ids", []))
        if entry.entity_type == "person":
            party.years = years_in(details.get("dates_of_birth", []))
        party.refs = set(
            UN_REF.findall(" ".join([*details.get("references", []), entry.remarks or ""]))
        )
        for kind, letter, number in OLD_UN_REF.findall(entry.remarks or ""):
            party.refs.add(f"{'QD' if kind == 'Q' else 'TA'}{letter.lower()}.{int(number):03d}")
        if source.startswith("ofac"):
            party.ofac = entry.entry_id
        yield party


def csv_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.csv"))


SDN = OFFICIAL / "us_ofac_sdn"
ADVANCED = CURRENT / "us_ofac_advanced"
LISTS: list[tuple[str, str, list[Path]]] = [  # label, importer, files
    (
        "uk-hmt-2016",
        "uk-ofsi",
        [OFFICIAL / "uk_hmt_ofsi" / "sanctionsconlist_2016-02-12_subset.csv"],
    ),
    ("eu-2016", "eu", [OFFICIAL / "eu_fsf" / "global_legacy_v1_2016-02-11_subset.xml"]),
    ("ofac-sdn-2018", "ofac-sdn", csv_files(SDN / "snapshot_2018")),
    ("ofac-sdn-2021", "ofac-sdn", csv_files(SDN / "snapshot_2021")),
    ("ofac-cons-2025", "ofac-cons", csv_files(OFFICIAL / "us_ofac_cons")),
    ("ofac-cons-2020", "ofac-advanced", [ADVANCED / "cons_advanced_2020-03-17.xml"]),
    ("ofac-sdn-2026", "ofac-advanced", [ADVANCED / "sdn_advanced_2026-09-09_excerpt.xml"]),
    ("eu-2026", "eu-fsf", [CURRENT / "eu_fsf" / "fsf_export_v1_1_2026-08-05_excerpt.xml"]),
    ("uk-2026", "uk", [CURRENT / "uk_fcdo" / "uk_sanctions_list_2026-09-07_excerpt.xml"]),
    ("seco-2026", "seco", [CURRENT / "ch_seco" / "seco_excerpt_2026-08-15.xml"]),
]
UN_FILE = OFFICIAL / "un_sc" / "consolidated.xml"


def parties() -> list[Party]:
    found = list(un_parties(UN_FILE))
    for label, source, paths in LISTS:
        found += imported(source, paths, label)
    return found


# --- one party across lists ----------------------------------------------------------------------


class Clusters:
    """Union-find of parties, each join with the reason it was made."""

    def __init__(self, items: Sequence[Party]) -> None:
        self.parent = {p.key: p.key for p in items}
        self.why: dict[tuple[str, str], str] = {}

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def join(self, a: Party, b: Party, why: str) -> None:
        if a.type != b.type:
            return
        self.why.setdefault((a.key, b.key), why)
        self.why.setdefault((b.key, a.key), why)
        self.parent[self.find(a.key)] = self.find(b.key)


def clustered(items: Sequence[Party]) -> dict[str, list[Party]]:
    clusters = Clusters(items)
    by_ref: dict[str, list[Party]] = defaultdict(list)
    by_ofac: dict[str, list[Party]] = defaultdict(list)
    by_number: dict[str, list[Party]] = defaultdict(list)
    for party in items:
        for ref in party.refs:
            by_ref[ref].append(party)
        if party.ofac:
            by_ofac[party.ofac].append(party)
        if party.type == "person":
            for number in party.numbers:
                by_number[number].append(party)
    for ref, group in by_ref.items():
        for other in group[1:]:
            clusters.join(group[0], other, f"UN reference {ref}")
    for number, group in by_ofac.items():
        for other in group[1:]:
            clusters.join(group[0], other, f"OFAC entry {number}")
    for number, group in by_number.items():
        sources = {p.source for p in group}
        if len(group) > 6 or len(sources) < 2:
            continue  # a number many share, or one list's own
        for a, b in combinations(group, 2):
            if a.source != b.source and (not a.years or not b.years or a.years & b.years):
                clusters.join(a, b, f"document number {number}")
    groups: dict[str, list[Party]] = defaultdict(list)
    for party in items:
        groups[clusters.find(party.key)].append(party)
    for group in groups.values():
        group.sort(key=lambda p: p.key)
    links.update(clusters.why)
    return {min(p.key for p in g): g for g in groups.values()}


links: dict[tuple[str, str], str] = {}


# --- kinds ---------------------------------------------------------------------------------------

NOT_WORD = re.compile(r"[^\w]+")
ORDINALS = set(
    """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth one
    two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty hundred ii iii iv vi vii
    viii ix""".split()  # noqa: SIM905
)


def non_latin(name: str) -> bool:
    return any(ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN") for ch in name)


@cache
def words(name: str) -> list[str]:
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c)
    )
    return [w for w in NOT_WORD.split(plain.replace("_", " ")) if w]


def numbers_of(ws: Sequence[str]) -> list[str]:
    return sorted(w for w in ws if any(c.isdigit() for c in w) or w in ORDINALS)


@cache
def legal_forms(name: str) -> list[str]:
    from rigour.names import extract_org_types

    return sorted(form for form, _ in extract_org_types(name))


def without_forms(name: str) -> list[str]:
    from rigour.names import remove_org_types

    return words(remove_org_types(name))


def one_edit(a: str, b: str) -> bool:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b, score_cutoff=1) <= 1


def alike(a: str, b: str) -> bool:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.normalized_similarity(a, b) >= 0.5


def close(a: list[str], b: list[str]) -> bool:
    """The same words, perhaps in another order, split otherwise or one letter apart."""
    return sorted(a) == sorted(b) or "".join(a) == "".join(b) or one_edit(" ".join(a), " ".join(b))


def consonants(word: str) -> str:
    return re.sub(r"[aeiouyw]", "", word) or word


def consonants_align(left: str, right: str) -> bool:
    """A name in another script shares a word with the other name, both written in ASCII
    (anyascii) and compared by their consonants (Arabic script writes few vowels)."""
    from anyascii import anyascii

    a = [consonants(w) for w in words(anyascii(left))]
    b = [consonants(w) for w in words(anyascii(right))]
    return any(alike(x, y) for x in a for y in b)


def kind_of(left: str, right: str, type_: str) -> str:
    """How two names differ, by their text alone (see the module's docstring)."""
    if non_latin(left) or non_latin(right):
        return "script" if consonants_align(left, right) else "other name"
    a, b = words(left), words(right)
    if a == b:
        return "exact"
    if sorted(a) == sorted(b):
        return "order"
    if type_ != "person" and legal_forms(left) != legal_forms(right):
        rest_a, rest_b = without_forms(left), without_forms(right)
        if rest_a and rest_b and close(rest_a, rest_b):
            return "legal form"
    if numbers_of(a) != numbers_of(b):
        rest_a = [w for w in a if w not in numbers_of(a)]
        rest_b = [w for w in b if w not in numbers_of(b)]
        both = bool(numbers_of(a)) and bool(numbers_of(b))
        subset = set(rest_a) <= set(rest_b) or set(rest_b) <= set(rest_a)
        if (rest_a and rest_b and close(rest_a, rest_b)) or (both and subset):
            return "ordinal"
    if "".join(a) == "".join(b):
        return "spacing"
    if one_edit(" ".join(a), " ".join(b)):
        return "typo"
    if set(a) < set(b) or set(b) < set(a):
        return "parts"
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    aligned = sum(1 for w in short if any(alike(w, v) for v in long))
    if aligned == len(short):
        return "transliteration"
    return "other parts" if aligned else "other name"


# --- pairs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    pair_id: str
    split: str
    kind: str
    label: int
    type: str
    left: str
    right: str
    left_source: str
    left_entry: str
    left_how: str
    right_source: str
    right_entry: str
    right_how: str
    link: str

    def row(self) -> list[str]:
        return [str(getattr(self, c)) for c in COLUMNS]


def split_of(cluster: str) -> str:
    """dev or test, once: by the party's key, so one party's names stay on one side."""
    return "dev" if hashlib.sha256(cluster.encode()).digest()[0] % 2 == 0 else "test"


def link_of(a: Party, b: Party, group: Sequence[Party]) -> str:
    if a is b:
        return "same entry"
    direct = links.get((a.key, b.key))
    if direct:
        return direct
    return "same party: " + "; ".join(
        sorted({links[(x.key, y.key)] for x in group for y in group if (x.key, y.key) in links})
    )


def positives(clusters: dict[str, list[Party]]) -> list[Pair]:
    found: list[Pair] = []
    for key in sorted(clusters):
        group = clusters[key]
        rng = random.Random(f"{SEED}:{key}")
        named = [(n, how, p) for p in group for n, how in p.names]
        seen: set[str] = set()
        unique = []
        for name, how, party in named:
            if words(name) and name.casefold() not in seen:
                seen.add(name.casefold())
                unique.append((name, how, party))
        by_kind: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, j in combinations(range(len(unique)), 2):
            a, b = unique[i], unique[j]
            if a[0] == b[0]:
                continue
            by_kind[kind_of(a[0], b[0], group[0].type)].append((i, j))
        chosen: list[tuple[str, tuple[int, int]]] = []
        for kind in sorted(by_kind):  # cross-list pairs first, then the rest, shuffled
            options = by_kind[kind]
            rng.shuffle(options)
            options.sort(key=lambda ij: unique[ij[0]][2] is unique[ij[1]][2])
            by_kind[kind] = options
        while len(chosen) < PAIRS_PER_PARTY and any(by_kind.values()):
            for kind in sorted(by_kind):
                if by_kind[kind] and len(chosen) < PAIRS_PER_PARTY:
                    chosen.append((kind, by_kind[kind].pop(0)))
        for kind, (i, j) in chosen:
            (ln, lhow, lp), (rn, rhow, rp) = unique[i], unique[j]
            found.append(
                Pair(
                    "",
                    split_of(key),
                    kind,
                    1,
                    group[0].type,
                    ln,
                    rn,
                    lp.source,
                    lp.entry_id,
                    lhow,
                    rp.source,
                    rp.entry_id,
                    rhow,
                    link_of(lp, rp, group),
                )
            )
    return found


STOP = {"al", "el", "bin", "ibn", "abu", "abd", "abdul", "the", "of", "and", "de", "la", "ul"}


@dataclass(frozen=True, order=True)
class Option:
    """A negative pair on offer, hardest first: the most words shared, the same birth year."""

    shared: int
    year: bool
    draw: float
    name: str = field(compare=False)
    how: str = field(compare=False)
    other: Party = field(compare=False)
    other_name: str = field(compare=False)
    other_how: str = field(compare=False)


def options_for(party: Party, members: Sequence[Party], index: dict[str, set[int]],
                cluster_of: dict[str, str]) -> list[Option]:  # fmt: skip
    """The names of other parties of the list sharing a word with one of the party's names."""
    rng = random.Random(f"{SEED}:{party.key}:negative")
    mine = cluster_of[party.key]
    found = []
    for name, how in party.names:
        mine_words = words(name)
        own = set(mine_words)
        near = {j for w in own if len(index.get(w, ())) < 300 for j in index.get(w, ())}
        for j in sorted(near):
            other = members[j]
            theirs = cluster_of[other.key]
            if theirs == mine or split_of(theirs) != split_of(mine):
                continue
            for other_name, other_how in other.names:
                theirs_words = words(other_name)
                if sorted(theirs_words) == sorted(mine_words) or non_latin(other_name) != non_latin(
                    name
                ):
                    continue
                shared = len(own & set(theirs_words))
                if shared:
                    year = bool(party.years & other.years)
                    found.append(Option(-shared, not year, rng.random(), name, how, other,
                                        other_name, other_how))  # fmt: skip
    found.sort()
    return found


def one_part_apart(a: str, b: str) -> bool:
    """Names of three words or more, the same but for one of them (Korean given-name syllables,
    a part of an Arabic name chain)."""
    x, y = words(a), words(b)
    if len(x) != len(y) or len(x) < 3:
        return False
    left, right = Counter(x), Counter(y)
    return sum((left - right).values()) == 1


def negatives(clusters: dict[str, list[Party]], wanted: int) -> list[Pair]:
    """Different parties of one list and type whose names share words: per party the hardest
    two, names one part apart, and a name in another script against the Latin name of a party
    whose Latin names share words with its own."""
    cluster_of = {p.key: key for key, group in clusters.items() for p in group}
    by_list: dict[tuple[str, str], list[Party]] = defaultdict(list)
    for group in clusters.values():
        for party in group:
            by_list[(party.source, party.type)].append(party)
    general: list[Pair] = []
    special: list[Pair] = []

    def pair(party: Party, o: Option, name: str, how: str, other_name: str, other_how: str) -> Pair:
        same_year = ", born the same year" if party.years & o.other.years else ""
        return Pair(
            "", split_of(cluster_of[party.key]), kind_of(name, other_name, party.type), 0,
            party.type, name, other_name, party.source, party.entry_id, how, o.other.source,
            o.other.entry_id, other_how, "different entries of one list" + same_year,
        )  # fmt: skip

    for (_, type_), members in sorted(by_list.items()):
        index: dict[str, set[int]] = defaultdict(set)
        for i, party in enumerate(members):
            for name, _ in party.names:
                for w in words(name):
                    if len(w) > 1 and w not in STOP:
                        index[w].add(i)
        for party in members:
            options = options_for(party, members, index, cluster_of)
            taken: set[str] = set()
            apart = 0
            for o in options:
                if o.other.key not in taken and len(taken) < NEGATIVES_PER_NAME:
                    taken.add(o.other.key)
                    general.append(pair(party, o, o.name, o.how, o.other_name, o.other_how))
                if apart < 3 and type_ == "person" and one_part_apart(o.name, o.other_name):
                    apart += 1
                    special.append(pair(party, o, o.name, o.how, o.other_name, o.other_how))
            scripts = [(n, h) for n, h in party.names if non_latin(n)]
            for (name, how), o in zip(scripts, options[:2], strict=False):
                special.append(pair(party, o, name, how, o.other_name, o.other_how))
    found: list[Pair] = []
    seen: set[frozenset[str]] = set()
    random.Random(SEED).shuffle(general)
    for p in [*special, *general]:
        key = frozenset((" ".join(words(p.left)), " ".join(words(p.right))))
        if key not in seen:
            seen.add(key)
            found.append(p)
    return found[:wanted]


def build() -> list[Pair]:
    clusters = clustered(parties())
    found = positives(clusters)
    found += negatives(clusters, len(found))
    found.sort(
        key=lambda p: (p.split, p.kind, -p.label, p.left_source, p.left_entry, p.left, p.right)
    )
    return [replace(p, pair_id=f"{p.split}-{n:05d}") for n, p in enumerate(found, start=1)]


def write(found: Sequence[Pair], path: Path = PAIRS) -> None:
    """A gzipped CSV, the same bytes for the same pairs (no time stamp inside)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(p.row() for p in found)
    path.parent.mkdir(exist_ok=True)
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        handle.write(text.getvalue().encode())


def read(path: Path = PAIRS) -> list[Pair]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [Pair(**{**r, "label": int(r["label"])}) for r in rows]  # type: ignore[arg-type]


# --- accuracy on the pairs -----------------------------------------------------------------------

THRESHOLD = 0.70  # ours: review and above; yente's default for logic-v2
WANTED_PRECISION = 0.90
UNMATCHABLE = "other name"  # nothing in common: no name scorer can tell, shown apart
DIFFERENT = (UNMATCHABLE, "other parts")  # names of one party that are not one name's variants


@dataclass(frozen=True)
class Scored:
    pair: Pair
    value: float


def scorers(
    versions: Sequence[str] = ("tracker-screen/1",), peer: bool = True
) -> list[tuple[str, Any]]:
    """(label, function of a pair) for our versions and logic-v2, names and types only."""
    from bench.screening import LogicV2
    from tracker.screening.score import Candidate, Query, quick

    def ours(version: str) -> Any:
        def run(pair: Pair) -> float:
            query = Query("pair", pair.left, pair.type)
            candidate = Candidate("pairs", 0, pair.pair_id, pair.type, (pair.right,))
            return quick(query, candidate, version)

        return run

    found = [(v, ours(v)) for v in versions]
    if peer:
        logic = LogicV2()

        def peer_score(pair: Pair) -> float:
            query = Query("pair-" + pair.pair_id, pair.left, pair.type)
            candidate = Candidate("pairs", 0, pair.pair_id, pair.type, (pair.right,))
            return logic(query, candidate)

        found.append(("logic-v2", peer_score))
    return found


def confusion(
    scored: Sequence[Scored], threshold: float, weight: float = 1.0
) -> tuple[float, float, float]:
    """Precision, recall, F1 at a threshold; negatives count ``weight`` each."""
    tp = sum(1 for s in scored if s.pair.label and s.value >= threshold)
    fn = sum(1 for s in scored if s.pair.label and s.value < threshold)
    fp = weight * sum(1 for s in scored if not s.pair.label and s.value >= threshold)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def recall_at(
    scored: Sequence[Scored], wanted: float = WANTED_PRECISION, weight: float = 1.0
) -> tuple[float, float]:
    """The best recall at a threshold whose precision is at least ``wanted``, and the threshold
    (one pass over the scores, highest first)."""
    ordered = sorted(scored, key=lambda s: -s.value)
    positives = sum(1 for s in scored if s.pair.label)
    tp = fp = 0.0
    best = (0.0, 1.0)
    i = 0
    while i < len(ordered):
        value = ordered[i].value
        while i < len(ordered) and ordered[i].value == value:
            if ordered[i].pair.label:
                tp += 1
            else:
                fp += weight
            i += 1
        if tp and tp / (tp + fp) >= wanted and tp / positives > best[0]:
            best = (tp / positives, value)
    return best


def kind_view(scored: Sequence[Scored], kind: str) -> tuple[list[Scored], float]:
    """A kind's positives with every negative, each negative weighed so that the kind's share
    of positives to negatives is the whole set's (precision at the set's prevalence)."""
    positives = [s for s in scored if s.pair.label]
    mine = [s for s in positives if s.pair.kind == kind]
    negatives = [s for s in scored if not s.pair.label]
    return mine + negatives, len(mine) / max(1, len(positives))


def accuracy_tables(pairs: Sequence[Pair], runs: Sequence[tuple[str, Any]]) -> str:
    import time

    timings: dict[str, float] = {}
    results: dict[str, list[Scored]] = {}
    for label, run in runs:
        start = time.perf_counter()
        results[label] = [Scored(p, run(p)) for p in pairs]
        timings[label] = time.perf_counter() - start
    lines: list[str] = []
    for split in ("dev", "test"):
        lines += [
            f"#### {split} part: "
            f"{sum(1 for p in pairs if p.split == split and p.label):,} positive pairs, "
            f"{sum(1 for p in pairs if p.split == split and not p.label):,} negative",
            "",
            "| kind | pairs (+/-) | "
            + " | ".join(f"{label} F1 / R@P.90" for label, _ in runs)
            + " |",
            "|---|---|" + "---|" * len(runs),
        ]
        kinds = sorted(
            {p.kind for p in pairs if p.split == split and p.label},
            key=lambda k: (k == UNMATCHABLE, k),
        )
        for name, keep in (
            ("all", lambda s: True),
            ("**all but other name**", lambda s: s.pair.kind != UNMATCHABLE or not s.pair.label),
            ("variants of one name", lambda s: s.pair.kind not in DIFFERENT or not s.pair.label),
        ):
            cells = []
            for label, _ in runs:
                part = [s for s in results[label] if s.pair.split == split and keep(s)]
                f1 = confusion(part, THRESHOLD)[2]
                cells.append(f"{f1:.3f} / {recall_at(part)[0]:.3f}")
            count = [s for s in results[runs[0][0]] if s.pair.split == split and keep(s)]
            plus = sum(1 for s in count if s.pair.label)
            lines.append(
                f"| {name} | {plus:,} / {len(count) - plus:,} | " + " | ".join(cells) + " |"
            )
        for kind in kinds:
            cells = []
            for label, _ in runs:
                part = [
                    s
                    for s in results[label]
                    if s.pair.split == split and (s.pair.kind != UNMATCHABLE or not s.pair.label)
                ]
                view, weight = kind_view(
                    part
                    if kind != UNMATCHABLE
                    else [s for s in results[label] if s.pair.split == split],
                    kind,
                )
                f1 = confusion(view, THRESHOLD, weight)[2]
                cells.append(f"{f1:.3f} / {recall_at(view, weight=weight)[0]:.3f}")
            plus = sum(1 for p in pairs if p.split == split and p.kind == kind and p.label)
            minus = sum(1 for p in pairs if p.split == split and p.kind == kind and not p.label)
            lines.append(f"| {kind} | {plus:,} / {minus:,} | " + " | ".join(cells) + " |")
        negatives = [p for p in pairs if p.split == split and not p.label]
        cells = []
        for label, _ in runs:
            alerted = sum(
                1
                for s in results[label]
                if s.pair.split == split and not s.pair.label and s.value >= THRESHOLD
            )
            cells.append(f"{alerted / max(1, len(negatives)):.3f}")
        lines.append(
            f"| negatives at or above {THRESHOLD:.2f} (share) | {len(negatives):,} | "
            + " | ".join(cells)
            + " |"
        )
        lines.append("")
    lines.append(
        "Per pair: "
        + ", ".join(f"{label} {timings[label] / len(pairs) * 1e6:.0f} us" for label, _ in runs)
        + "."
    )
    return "\n".join(lines)


def evaluate(versions: Sequence[str] = ("tracker-screen/1",), peer: bool = True) -> str:
    pairs = read()
    return accuracy_tables(pairs, scorers(versions, peer))


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else "evaluate"
    if command == "build":
        found = build()
        write(found)
        counts = Counter((p.split, p.kind, p.label) for p in found)
        for key in sorted(counts):
            print(*key, counts[key])
        print(len(found), "pairs")
    elif command == "evaluate":
        versions = sys.argv[2:] or ["tracker-screen/1"]
        print(evaluate(versions))


if __name__ == "__main__":
    main()
