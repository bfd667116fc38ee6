"""Screening benchmarks: accuracy on an evaluation set built from our own lists (real aliases
perturbed the ways names drift between sources, and unrelated names as negatives), beside peer
scorers on the same candidate pairs; and speed beside brute force and the peer scorer.

Nothing here is tuned on nomenklatura's or yente's benchmark fixtures (they are not used).
"""

from __future__ import annotations

import random
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from tracker.lists.store import Store
from tracker.screening.index import Index, build_index
from tracker.screening.names import analyse
from tracker.screening.score import ALGORITHM_ID, Candidate, Query, quick

SEED = 2026
FIXTURES = Path(__file__).parent.parent / "tests" / "fixtures" / "official"
EVALUATED = ("ofac-sdn", [FIXTURES / "us_ofac_sdn" / "snapshot_2021"], "2021-07-07")
NAME_LISTS = [  # about 30,000 names and aliases, for the speed runs
    EVALUATED,
    ("ofac-cons", [FIXTURES / "us_ofac_cons"], "2021-07-07"),
    ("un", [FIXTURES / "un_sc" / "consolidated.xml"], "2024-01-01"),
    ("eu", [FIXTURES / "eu_fsf"], "2016-03-01"),
]

# --- the evaluation set --------------------------------------------------------------------------

TRANSLITERATIONS = [
    ("mohammed", "muhammad"), ("muhammad", "mohamed"), ("kh", "h"), ("ou", "u"), ("y", "i"),
    ("iy", "y"), ("sh", "ch"), ("ei", "ey"), ("j", "dj"), ("v", "w"), ("ck", "k"), ("ph", "f"),
    ("aa", "a"), ("ee", "i"), ("oo", "u"), ("q", "k"), ("x", "ks"), ("c", "k"), ("ie", "i"),
]  # fmt: skip
LEGAL_SWAPS = [
    ("limited liability company", "llc"), ("llc", "limited liability company"), ("llc", "ooo"),
    ("ooo", "llc"), ("joint stock company", "jsc"), ("jsc", "joint stock company"),
    ("oao", "ojsc"), ("zao", "cjsc"), ("pjsc", "public joint stock company"),
    ("ltd", "limited"), ("limited", "ltd"), ("co., ltd.", "company limited"),
    ("corporation", "corp"), ("corp", "inc"), ("inc", "incorporated"), ("s.a.", "sa"),
]  # fmt: skip
KINDS = ("transliteration", "dropped part", "swapped parts", "typo", "doubled letter",
         "legal form", "birth date")  # fmt: skip
GIVEN = """
James Maria Wei Olga Pierre Hans Kenji Aisha Carlos Fatima Lucia Mei Sven Priya Tomas Yuki
Elena Kwame Ingrid Diego Anika Mateo Sofia Liam Chloe Rafael Noor Emil Hana Bruno Leila
Oskar Zara Felix Amara Hugo Ines Nikolai Greta Tariq Yara Jonas Clara Idris Paola
""".split()  # noqa: SIM905
FAMILY = """
Smith Garcia Chen Kowalski Dubois Muller Tanaka Okafor Silva Nguyen Johansson Rossi Novak
Kim Patel Moreau Schmidt Lopez Andersen Costa Fischer Bakker Jensen Horvath Lindqvist
Ferreira Mendes Vogel Sato Wagner Keller Laine Dimitrov Eriksen Marchetti Brennan Quinn
Olsen Varga Nieminen Ortega Pereira Janssen Weber
""".split()  # noqa: SIM905
FIRST_WORDS = """
Blue Northern Pacific Silver Golden Alpine Coastal Prime Apex Harbor Cedar Maple Summit
Horizon Granite Willow Falcon Meadow Crystal Evergreen Lakeside Sunrise Redwood
""".split()  # noqa: SIM905
LAST_WORDS = """
Logistics Foods Textiles Software Consulting Marine Metals Pharma Farms Dairy Bakery
Furniture Printing Ceramics Optics Robotics Analytics Landscaping Plumbing
""".split()  # noqa: SIM905
FORMS = ["", "LLC", "Ltd", "GmbH", "S.A.", "Inc", "Oy", "B.V."]
WORD = re.compile(r"[A-Za-z]{4,}")


@dataclass(frozen=True)
class Case:
    query: Query
    expected: str | None  # the entry id a query was made from; None for a negative
    kind: str


def transliterate(rng: random.Random, name: str) -> str | None:
    lower = name.lower()
    options = [(a, b) for a, b in TRANSLITERATIONS if a in lower]
    if not options:
        return None
    a, b = rng.choice(options)
    start = lower.index(a)
    return name[:start] + b + name[start + len(a) :]


def perturb(rng: random.Random, kind: str, entry: dict[str, Any], name: str) -> Query | None:
    words = name.replace(",", " ").split()
    person = entry["entity_type"] == "person"
    kind_of = entry["entity_type"]
    if kind == "transliteration":
        changed = transliterate(rng, name)
    elif kind == "dropped part":
        if len(words) < 3:
            return None
        words.pop(rng.randrange(1, len(words)))
        changed = " ".join(words)
    elif kind == "swapped parts":
        if len(words) < 2:
            return None
        changed = " ".join(reversed(words))
    elif kind in ("typo", "doubled letter"):
        long = [m for m in WORD.finditer(name)]
        if not long:
            return None
        word = rng.choice(long)
        at = rng.randrange(word.start() + 1, word.end() - 1)
        if kind == "typo":
            letter = rng.choice([c for c in "abcdefghijklmnoprstuvwy" if c != name[at].lower()])
            changed = name[:at] + letter + name[at + 1 :]
        else:
            changed = name[:at] + name[at] + name[at:]
    elif kind == "legal form":
        lower = name.lower()
        swaps = [(a, b) for a, b in LEGAL_SWAPS if re.search(rf"\b{re.escape(a)}(\W|$)", lower)]
        if not swaps:
            return None
        a, b = rng.choice(swaps)
        start = lower.index(a)
        changed = name[:start] + b.upper() + name[start + len(a) :]
    else:  # birth date: the exact name, a date one unit off or day and month swapped
        dates = [
            d
            for d in entry["details"].get("dates_of_birth", [])
            if re.fullmatch(r"\d{2} \w{3} \d{4}", d)
        ]
        if not person or not dates:
            return None
        day, month, year = dates[0].split()
        shifted = rng.choice(
            [f"{int(day) % 28 + 1:02d} {month} {year}", f"{day} {month} {int(year) + 1}"]
        )
        iso = time.strftime("%Y-%m-%d", time.strptime(shifted, "%d %b %Y"))
        return Query(entry["entry_id"], name, kind_of, birth_date=iso)
    if not changed or changed == name:
        return None
    return Query(entry["entry_id"], changed, kind_of if rng.random() < 0.5 else None)


def negatives(rng: random.Random, count: int, taken: set[tuple[str, ...]]) -> list[Case]:
    cases: list[Case] = []
    while len(cases) < count:
        roll = rng.random()
        if roll < 0.5:
            name, kind = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}", "person"
        elif roll < 0.85:
            form = rng.choice(FORMS)
            name = f"{rng.choice(FIRST_WORDS)} {rng.choice(LAST_WORDS)} {form}".strip()
            kind = "organization"
        else:
            name = f"{rng.choice(FIRST_WORDS)} {rng.choice(FAMILY)} {rng.randrange(1, 30)}"
            kind = "vessel"
        bag = tuple(sorted(analyse(name).tokens))
        if bag in taken:
            continue  # a real list name by chance: not a negative
        cases.append(
            Case(
                Query(f"n{len(cases)}", name, kind if rng.random() < 0.5 else None),
                None,
                "negative",
            )
        )
    return cases


def evaluation_set(store: Store, snapshot_id: int, positives: int) -> list[Case]:
    rng = random.Random(SEED)
    entries = [
        e
        for e in store.entries(snapshot_id)
        if e["entity_type"] in ("person", "organization", "vessel")
    ]
    taken = {tuple(sorted(analyse(n).tokens)) for e in entries for n in (e["name"], *e["aliases"])}
    rng.shuffle(entries)
    cases: list[Case] = []
    counts: Counter[str] = Counter()
    per_kind = positives // len(KINDS)
    for entry in entries:
        for kind in KINDS:
            if counts[kind] >= per_kind:
                continue
            name = rng.choice([entry["name"], *entry["aliases"]])
            query = perturb(rng, kind, entry, name)
            own = {tuple(sorted(analyse(n).tokens)) for n in (entry["name"], *entry["aliases"])}
            bag = tuple(sorted(analyse(query.name).tokens)) if query else ()
            if query is not None and (bag in own or bag not in taken):  # not another's name
                cases.append(Case(query, entry["entry_id"], kind))
                counts[kind] += 1
                break
        if sum(counts.values()) >= per_kind * len(KINDS):
            break
    return cases + negatives(rng, len(cases), taken)


# --- scorers on the same candidate pairs ---------------------------------------------------------

Scorer = Callable[[Query, Candidate], float]


def rapidfuzz_scorer(name: str) -> Scorer:
    from rapidfuzz import fuzz, utils

    function = getattr(fuzz, name)

    def best(query: Query, candidate: Candidate) -> float:
        return (
            max(function(query.name, n, processor=utils.default_process) for n in candidate.names)
            / 100
        )

    return best


def jaro_winkler(query: Query, candidate: Candidate) -> float:
    import jellyfish

    text = query.name.lower()
    return max(jellyfish.jaro_winkler_similarity(text, n.lower()) for n in candidate.names)


class LogicV2:
    """nomenklatura's logic-v2 (the scorer yente uses), on FtM proxies of both sides."""

    SCHEMAS: ClassVar[dict[str, str]] = {
        "person": "Person",
        "organization": "Organization",
        "vessel": "Vessel",
        "aircraft": "Airplane",
    }

    def __init__(self) -> None:
        from followthemoney import model
        from nomenklatura.matching import get_algorithm

        self.model = model
        self.algorithm = get_algorithm("logic-v2")
        self.config = self.algorithm.default_config()
        self.proxies: dict[tuple[str, str], Any] = {}

    def proxy(self, key: str, schema: str, props: dict[str, list[str]]) -> Any:
        return self.model.get_proxy({"id": key, "schema": schema, "properties": props})

    def query_proxy(self, query: Query) -> Any:
        props = {"name": [query.name]}
        if query.birth_date:
            props["birthDate"] = [query.birth_date]
        if query.imo:
            props["imoNumber"] = [query.imo]
        return self.proxy(
            "q-" + str(abs(hash(query))), self.SCHEMAS.get(query.type or "", "LegalEntity"), props
        )

    def candidate_proxy(self, candidate: Candidate) -> Any:
        key = (candidate.source, candidate.entry_id)
        if key not in self.proxies:
            props: dict[str, list[str]] = {
                "name": [candidate.names[0]],
                "alias": list(candidate.names[1:]),
            }
            dates = [
                d for d in candidate.birth_dates if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", d)
            ]
            if dates and candidate.type == "person":
                props["birthDate"] = dates
            if candidate.imo and candidate.type == "vessel":
                props["imoNumber"] = [candidate.imo]
            schema = self.SCHEMAS.get(candidate.type, "LegalEntity")
            self.proxies[key] = self.proxy(
                "c-" + candidate.entry_id.replace(" ", "-"), schema, props
            )
        return self.proxies[key]

    def __call__(self, query: Query, candidate: Candidate) -> float:
        result = self.algorithm.compare(
            self.query_proxy(query), self.candidate_proxy(candidate), self.config
        )
        return float(result.score)


# --- accuracy ------------------------------------------------------------------------------------


@dataclass
class Outcome:
    case: Case
    top: str | None
    value: float


def outcomes(
    cases: Sequence[Case], pools: Sequence[list[Candidate]], scorer: Scorer
) -> list[Outcome]:
    """Each query's best candidate by the scorer; when the expected entry ties with the best,
    it counts as the best (no scorer can tell apart two entries of the same name)."""
    found = []
    for case, pool in zip(cases, pools, strict=True):
        scored = sorted(
            ((scorer(case.query, c), c.entry_id) for c in pool), key=lambda t: (-t[0], t[1])
        )
        if not scored:
            found.append(Outcome(case, None, 0.0))
            continue
        value, top = scored[0]
        if any(e == case.expected and v == value for v, e in scored):
            top = case.expected
        found.append(Outcome(case, top, value))
    return found


def precision_recall(found: Sequence[Outcome], threshold: float) -> tuple[float, float]:
    positives = sum(1 for o in found if o.case.expected is not None)
    hits = [o for o in found if o.value >= threshold]
    right = sum(1 for o in hits if o.case.expected is not None and o.top == o.case.expected)
    precision = right / len(hits) if hits else 1.0
    return precision, right / positives if positives else 0.0


def recall_at_precision(found: Sequence[Outcome], wanted: float = 0.95) -> tuple[float, float]:
    """The best recall at a threshold whose precision is at least ``wanted``, and that threshold."""
    best = (0.0, 1.0)
    for threshold in sorted({round(o.value, 4) for o in found}, reverse=True):
        precision, recall = precision_recall(found, threshold)
        if precision >= wanted and recall > best[0]:
            best = (recall, threshold)
    return best


def per_kind(found: Sequence[Outcome], threshold: float) -> dict[str, float]:
    kinds: dict[str, list[Outcome]] = {}
    for o in found:
        if o.case.expected is not None:
            kinds.setdefault(o.case.kind, []).append(o)
    return {
        kind: sum(1 for o in group if o.value >= threshold and o.top == o.case.expected)
        / len(group)
        for kind, group in kinds.items()
    }


def import_lists(db: Path, lists: Sequence[tuple[str, list[Path], str]]) -> list[int]:
    from tracker.lists.ingest import import_files

    ids = []
    with Store(db, "w") as store:
        for source, paths, as_of in lists:
            result = import_files(store, source, paths, as_of)
            if store.screen_index(result.snapshot.id) is None:
                build_index(store, result.snapshot)
            ids.append(result.snapshot.id)
    return ids


def accuracy(
    out: Path,
    positives: int = 2100,
    peers: bool = True,
    evaluated: tuple[str, list[Path], str] = EVALUATED,
) -> str:
    db = out / "screen-eval.db"
    (snapshot_id,) = import_lists(db, [evaluated])
    with Store(db) as store:
        snapshot = store.snapshot(snapshot_id)
        cases = evaluation_set(store, snapshot_id, positives)
        index = Index(store, snapshot)
        index.preload()
        pools = [index.candidates_for(c.query) for c in cases]
    retrieved = sum(
        1
        for c, p in zip(cases, pools, strict=True)
        if c.expected and any(x.entry_id == c.expected for x in p)
    )
    positive = sum(1 for c in cases if c.expected)
    scorers: list[tuple[str, Scorer]] = [(f"{ALGORITHM_ID} (ours)", quick)]
    scorers += (
        []
        if not peers
        else [
            ("nomenklatura logic-v2 (yente)", LogicV2()),
            ("rapidfuzz WRatio", rapidfuzz_scorer("WRatio")),
            ("rapidfuzz token_sort_ratio", rapidfuzz_scorer("token_sort_ratio")),
            ("Jaro-Winkler, whole name (OFAC search-like)", jaro_winkler),
        ]
    )
    lines = [
        f"### screening accuracy: {positive:,} perturbed real aliases of the 2021 SDN list and "
        f"{len(cases) - positive:,} unrelated names",
        "",
        f"Candidates from the index hold the right entry for {retrieved / positive:.1%} of the "
        "positives; every scorer ranks the same candidates. A query is right when its best "
        "candidate is the entry it was made from.",
        "",
        "| scorer | recall at precision >= 0.95 (threshold) | precision / recall at 0.90 "
        "| precision / recall at 0.70 |",
        "|---|---|---|---|",
    ]
    ours: list[Outcome] = []
    for label, scorer in scorers:
        found = outcomes(cases, pools, scorer)
        if not ours:
            ours = found
        recall, threshold = recall_at_precision(found)
        p90, r90 = precision_recall(found, 0.90)
        p70, r70 = precision_recall(found, 0.70)
        lines.append(
            f"| {label} | {recall:.3f} ({threshold:.2f}) | {p90:.3f} / {r90:.3f} "
            f"| {p70:.3f} / {r70:.3f} |"
        )
    lines += [
        "",
        "Ours, recall by kind of perturbation:",
        "",
        "| kind | recall at 0.90 (match) | recall at 0.70 (review) |",
        "|---|---|---|",
    ]
    match, review = per_kind(ours, 0.90), per_kind(ours, 0.70)
    lines += [
        f"| {kind} | {match[kind]:.3f} | {review[kind]:.3f} |" for kind in KINDS if kind in match
    ]
    return "\n".join(lines)


# --- speed ---------------------------------------------------------------------------------------


def speed_queries(store: Store, snapshot_ids: Sequence[int], count: int) -> list[Query]:
    rng = random.Random(SEED + 1)
    entries = [e for s in snapshot_ids for e in store.entries(s)]
    taken: set[tuple[str, ...]] = set()
    queries: list[Query] = []
    while len(queries) < count // 2:
        entry = rng.choice(entries)
        name = rng.choice([entry["name"], *entry["aliases"]])
        query = perturb(rng, rng.choice(KINDS[:5]), entry, name)
        if query is not None:
            queries.append(Query(f"p{len(queries)}", query.name, query.type))
    queries += [c.query for c in negatives(rng, count - len(queries), taken)]
    return queries


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def iterate(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def names_of(store: Store, snapshot_ids: Sequence[int]) -> list[str]:
    return [n for s in snapshot_ids for e in store.entries(s) for n in (e["name"], *e["aliases"])]


def median_ms(samples: Sequence[float]) -> float:
    return statistics.median(samples) * 1000
