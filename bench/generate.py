"""Generate a synthetic dataset at scale with known injected faults.

    python bench/generate.py OUT_DIR [--designations 1000000] [--revisions 100000] [--claims 100000]

Writes a dataset directory that `tracker check` reads, plus `expected.json`: the exact
(severity, rule, file, row, field) of every fault injected, which the benchmark compares with
what the checks find. Deterministic: the same arguments give the same files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.records.models import RECORD_TYPES, columns
from tracker.values import imo_ship_check_digit

FAULTS_PER_RULE = 10
START = dt.date(2000, 1, 3)  # a Monday
COUNTRIES = ["RU", "KP", "IR", "SY", "CN", "BY", "VE", "CU"]
TYPES = ["vessel", "organization", "person"]


@dataclass
class Writer:
    """Rows of one CSV with their spreadsheet row numbers, and the faults expected in them."""

    directory: Path
    record_type: type
    expected: list[tuple[str, str, str, int, str]]
    rows: int = 1
    handle: object = None
    writer: csv.DictWriter[str] = field(init=False)

    def __post_init__(self) -> None:
        path = self.directory / self.record_type.FILE  # type: ignore[attr-defined]
        self.handle = path.open("w", encoding="utf-8", newline="")
        self.writer = csv.DictWriter(
            self.handle,
            fieldnames=columns(self.record_type),  # type: ignore[arg-type]
            lineterminator="\n",
        )
        self.writer.writeheader()

    def write(self, row: dict[str, object], fault: tuple[str, str, str] | None = None) -> int:
        self.rows += 1
        self.writer.writerow(row)
        if fault:
            severity, rule, field_name = fault
            self.expected.append((severity, rule, self.record_type.FILE, self.rows, field_name))  # type: ignore[attr-defined]
        return self.rows


def sample(rng: random.Random, population: range, k: int) -> list[int]:
    """k distinct picks, fewer when the population is smaller (tiny datasets)."""
    return rng.sample(population, min(k, len(population)))


def imo(n: int) -> str:
    prefix = str(100000 + n)
    return prefix + str(imo_ship_check_digit(prefix))


def generate(out: Path, designations: int, revisions: int, claims: int) -> dict[str, int]:
    rng = random.Random(20240619)
    out.mkdir(parents=True, exist_ok=True)
    (out / "sources").mkdir(exist_ok=True)
    expected: list[tuple[str, str, str, int, str]] = []
    w = {t: Writer(out, t, expected) for t in RECORD_TYPES}
    sources = max(1, revisions // 100)
    texts: list[list[str]] = [[] for _ in range(sources)]

    def cite(i: int, quote: str, in_source: bool = True) -> dict[str, str]:
        if in_source:
            texts[i % sources].append(quote)
        return {"source_id": f"s{i % sources}", "quote": quote}

    w_auth = w[RECORD_TYPES[1]]
    w_auth.write(
        {
            "id": "gov",
            "name": "Government",
            "country": "KR",
            "kind": "government",
            **cite(0, "The Government acts."),
        }
    )

    # control lists, each with a chain of weekly revisions
    lists = max(1, revisions // 100)
    per_list = revisions // lists
    w_lists, w_revs = w[RECORD_TYPES[4]], w[RECORD_TYPES[5]]
    fault_revs = set(sample(rng, range(revisions), 3 * FAULTS_PER_RULE))
    kinds = {
        r: ("revision-arithmetic", "revision-chain", "date-order")[n % 3]
        for n, r in enumerate(sorted(fault_revs))
    }
    n = 0
    for lst in range(lists):
        w_lists.write(
            {
                "id": f"l{lst}",
                "authority_id": "gov",
                "name": f"List {lst}",
                "target_country": COUNTRIES[lst % len(COUNTRIES)],
                "unit": "items",
                **cite(lst, f"List {lst} controls items."),
            }
        )
        size = rng.randint(100, 2000)
        for k in range(per_list):
            added, removed = rng.randint(0, 300), rng.randint(0, 50)
            prev, new = size, size + added - removed
            announced = START + dt.timedelta(weeks=k)
            effective = announced + dt.timedelta(days=30)
            fault = None
            kind = kinds.get(n)
            if kind == "revision-arithmetic":
                added += 1  # stated numbers no longer add up
                fault = ("error", kind, "new_count")
            elif kind == "revision-chain" and k > 0 and added >= 5:
                prev, added = prev + 5, added - 5  # adds up, but does not follow the prior
                fault = ("error", kind, "previous_count")
            elif kind == "date-order":
                effective = announced - dt.timedelta(days=1)
                fault = ("error", kind, "effective_on")
            quote = (
                f"List {lst} revision {k}: {prev} items, {added} added, {removed} removed, "
                f"{new} now."
            )
            w_revs.write(
                {
                    "id": f"l{lst}-r{k}",
                    "list_id": f"l{lst}",
                    "announced_on": announced,
                    "effective_on": effective,
                    "previous_count": prev,
                    "added": added,
                    "removed": removed,
                    "new_count": new,
                    **cite(lst, quote),
                },
                fault,
            )
            size = new
            n += 1

    # actions, each itemized in full by its designations
    actions = max(1, designations // 1000)
    per_action = designations // actions
    w_actions, w_des = w[RECORD_TYPES[2]], w[RECORD_TYPES[3]]
    fault_actions = sample(rng, range(actions), 2 * FAULTS_PER_RULE)
    gap_actions, total_actions = set(fault_actions[::2]), set(fault_actions[1::2])
    dup_actions = set(sample(rng, range(actions), FAULTS_PER_RULE))
    bad_imo_actions = set(sample(rng, range(actions), FAULTS_PER_RULE))
    vessel_no = 0
    for a in range(actions):
        counts = {t: per_action // 3 for t in TYPES}
        counts["person"] += per_action - sum(counts.values())
        stated = dict(counts)
        total = sum(stated.values())
        fault = None
        if a in gap_actions:
            stated["vessel"] += 1  # one vessel stated but not itemized: a coverage warning
            total += 1
            fault = ("warning", "stated-vs-itemized", "stated_vessels")
        if a in total_actions:
            total += 1
            fault = ("error", "stated-total", "stated_total")
        quote = (
            f"Action {a} designated {stated['vessel']} vessels, {stated['organization']} "
            f"organizations and {stated['person']} persons, {total} parties in all."
        )
        w_actions.write(
            {
                "id": f"a{a}",
                "authority_id": "gov",
                "announced_on": START,
                "target_country": "RU",
                "summary": f"Action {a}",
                "stated_vessels": stated["vessel"],
                "stated_organizations": stated["organization"],
                "stated_persons": stated["person"],
                "stated_total": total,
                **cite(a, quote),
            },
            fault,
        )
        party_quote = cite(a, f"Action {a} lists its parties in an annex.")
        duplicate_at = rng.randrange(1, counts["person"]) if a in dup_actions else None
        for t in TYPES:
            for i in range(counts[t]):
                name = f"{t.title()} {a}-{i}"
                fault = None
                if t == "person" and i == duplicate_at:
                    name = f"Person {a}-{i - 1}"  # the same party twice in one action
                    fault = ("error", "duplicate", "name")
                row = {
                    "id": f"d{a}-{t[0]}{i}",
                    "action_id": f"a{a}",
                    "entity_type": t,
                    "name": name,
                    "aliases": f"{name} Alias; {name} Trading",
                    "country": COUNTRIES[i % len(COUNTRIES)],
                    "listed_on": START,
                    **party_quote,
                }
                if t == "vessel":
                    row |= {"imo": imo(vessel_no), "flag": "KP"}
                    vessel_no += 1
                w_des.write(row, fault)
        if a in bad_imo_actions:  # an extra row that fails validation: not counted
            w_des.write(
                {
                    "id": f"d{a}-bad",
                    "action_id": f"a{a}",
                    "entity_type": "vessel",
                    "name": f"Bad {a}",
                    "imo": "9074728",
                    **party_quote,
                },
                ("error", "imo", "imo"),
            )

    # claims: per subject, a rising series of lower bounds
    subjects = max(1, claims // 100)
    per_subject = claims // subjects
    w_claims = w[RECORD_TYPES[7]]
    fault_claims = sample(rng, range(subjects * per_subject), 3 * FAULTS_PER_RULE)
    claim_kind = {
        c: ("claim-series", "quote-numbers", "quote-verbatim")[n % 3]
        for n, c in enumerate(sorted(fault_claims))
    }
    c = 0
    for s in range(subjects):
        quantity = rng.randint(100, 1000)
        for k in range(per_subject):
            quantity += rng.randint(10, 100)
            stated_q, qualifier, fault = quantity, "at_least", None
            kind = claim_kind.get(c)
            if kind == "claim-series" and k > 0:
                stated_q, qualifier = quantity - 200, "exact"  # below the last lower bound
                fault = ("error", kind, "quantity")
            words = qualifier.replace("_", " ")
            quote = f"Officials say {words} {stated_q} containers on subject {s}, report {k}."
            row_cite = cite(s, quote)
            if kind == "quote-numbers":
                stated_q += 1  # the record no longer says what its quote says
                fault = ("error", kind, "quantity")
            elif kind == "quote-verbatim":
                row_cite = cite(s, quote.replace("Officials", "Ministers"), in_source=False)
                fault = ("error", kind, "quote")
            w_claims.write(
                {
                    "id": f"c{s}-{k}",
                    "claimant": "Officials",
                    "subject": f"containers {s}",
                    "quantity": stated_q,
                    "unit": "containers",
                    "qualifier": qualifier,
                    "as_of": START + dt.timedelta(days=k),
                    **row_cite,
                },
                fault,
            )
            c += 1

    # events with their weekdays
    w_events = w[RECORD_TYPES[8]]
    wrong_days = set(sample(rng, range(1000), FAULTS_PER_RULE))
    for e in range(1000):
        day = START + dt.timedelta(days=e)
        weekday = (
            day.strftime("%A")
            if e not in wrong_days
            else (day + dt.timedelta(days=1)).strftime("%A")
        )
        fault = ("error", "event-weekday", "stated_weekday") if e in wrong_days else None
        w_events.write(
            {
                "id": f"e{e}",
                "description": f"Event {e}",
                "on": day,
                "stated_weekday": weekday,
                **cite(e, f"Event {e} took place on {weekday}."),
            },
            fault,
        )

    # officials: one role per country, one source misspelling per name conflict
    w_off = w[RECORD_TYPES[9]]
    conflicts = set(sample(rng, range(100), FAULTS_PER_RULE))
    for o in range(100):
        for copy in range(3):
            name = f"Minister Number{o}"
            fault = None
            if o in conflicts and copy == 2:
                name, fault = f"Minister Numbr{o}", ("warning", "name-conflict", "name")
            w_off.write(
                {
                    "id": f"o{o}-{copy}",
                    "name": name,
                    "role": f"minister {o}",
                    "country": "KR",
                    **cite(o + copy, f"said {name}."),
                },
                fault,
            )

    w_sources = w[RECORD_TYPES[0]]
    for i, lines in enumerate(texts):
        (out / "sources" / f"s{i}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        w_sources.write(
            {"id": f"s{i}", "file": f"s{i}.txt", "title": f"Source {i}", "language": "en"}
        )
    for writer in w.values():
        writer.handle.close()  # type: ignore[attr-defined]
    (out / "expected.json").write_text(json.dumps(sorted(expected), indent=1) + "\n")
    return {t.FILE: w[t].rows - 1 for t in RECORD_TYPES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--designations", type=int, default=1_000_000)
    parser.add_argument("--revisions", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=100_000)
    args = parser.parse_args()
    counts = generate(args.out, args.designations, args.revisions, args.claims)
    print(json.dumps(counts, indent=1))


if __name__ == "__main__":
    main()


def ofac_sdn(folder: Path, entries: int, version: int = 1) -> Path:
    """A synthetic OFAC SDN set in the legacy CSV format (sdn.csv, alt.csv, add.csv), sorted by
    entity number like the real files. Version 2 of the same size removes every 100th entry,
    changes the remarks of every 101st, and adds as many new entries at the end."""
    folder.mkdir(parents=True, exist_ok=True)
    numbers = [n for n in range(1, entries + 1) if version == 1 or n % 100]
    if version == 2:
        numbers += range(entries + 1, entries + 1 + entries // 100)
    types = ["-0- ", "individual", "vessel", "aircraft"]
    with (
        (folder / "sdn.csv").open("w", encoding="latin-1", newline="") as sdn,
        (folder / "alt.csv").open("w", encoding="latin-1", newline="") as alt,
        (folder / "add.csv").open("w", encoding="latin-1", newline="") as add,
    ):
        for n in numbers:
            kind = types[n % 4]
            remarks = f"DOB 01 Jan {1940 + n % 60}; POB City {n % 997}, Iran; Passport X{n} (Iran)"
            if kind == "vessel":
                prefix = str(100000 + n % 899999)
                remarks = (
                    f"Vessel Registration Identification IMO {prefix}"
                    f"{imo_ship_check_digit(prefix)}; MMSI {200000000 + n}"
                )
            if version == 2 and n % 101 == 0:
                remarks += "; Linked To: SOMEONE ELSE"
            sdn.write(
                f'{n},"PARTY {n}","{kind}","SDGT] [IRGC",-0- ,-0- ,-0- ,-0- ,-0- ,'
                f'-0- ,-0- ,"{remarks}."\r\n'.replace('"-0- "', "-0- ")
            )
            alt.write(f'{n},{n * 2},"aka","ALIAS {n}",-0- \r\n')
            add.write(f'{n},{n * 3},"Street {n}","City {n % 997}","Iran",-0- \r\n')
        for handle in (sdn, alt, add):
            handle.write("\x1a\r\n")
    return folder


ADVANCED_EXCERPT = (
    Path(__file__).parent.parent
    / "tests/fixtures/official-current/us_ofac_advanced/sdn_advanced_2026-09-09_excerpt.xml"
)
COPIED_IDS = re.compile(r'\b(ID|FixedRef|IdentityID|LocationID|ProfileID|FeatureVersionID)="(\d+)"')


def ofac_advanced(path: Path, megabytes: int) -> Path:
    """A synthetic SDN_ADVANCED.XML of about ``megabytes``: the real excerpt's reference tables,
    then its locations, four parties (an entity, a person, a vessel, an aircraft) and their
    sanctions entries copied with fresh ids until the size is reached, each copy adding an
    ID document and a relationship (the excerpt has none). Written as it is generated."""
    if path.exists() and path.stat().st_size >= megabytes * 1_000_000:
        return path
    text = ADVANCED_EXCERPT.read_text(encoding="utf-8")

    def section(name: str) -> str:
        start = text.index(f"<{name}>") + len(name) + 2
        return text[start : text.index(f"</{name}>")]

    head = text[: text.index("<Locations>")]
    locations, parties, entries = (
        section(n) for n in ("Locations", "DistinctParties", "SanctionsEntries")
    )
    target = megabytes * 1_000_000
    path.parent.mkdir(parents=True, exist_ok=True)
    parts: dict[str, Any] = {
        n: path.with_suffix(f".{n}") for n in ("loc", "doc", "dp", "rel", "se")
    }
    handles = {n: p.open("w", encoding="utf-8") for n, p in parts.items()}
    written, copy = len(head), 0
    while written < target:
        copy += 1

        def shift(match: re.Match[str], offset: int = copy * 1_000_000) -> str:
            return f'{match[1]}="{int(match[2]) + offset}"'

        chunks = {
            "loc": COPIED_IDS.sub(shift, locations),
            "doc": f'<IDRegDocument ID="{copy}" IDRegDocTypeID="1585" '
            f'IdentityID="{4375 + copy * 1_000_000}" ValidityID="1"><Comment />'
            f"<IDRegistrationNo>{1027700000000 + copy}</IDRegistrationNo></IDRegDocument>\n",
            "dp": COPIED_IDS.sub(shift, parties),
            "rel": f'<ProfileRelationship ID="{copy}" From-ProfileID="{4238 + copy * 1_000_000}" '
            f'To-ProfileID="{36 + copy * 1_000_000}" RelationTypeID="1555" '
            'RelationQualityID="1" Former="false" />\n',
            "se": COPIED_IDS.sub(shift, entries),
        }
        for name, chunk in chunks.items():
            handles[name].write(chunk)
            written += len(chunk)
    for handle in handles.values():
        handle.close()
    with path.open("w", encoding="utf-8") as out:
        out.write(head)
        for name, tag in (
            ("loc", "Locations"), ("doc", "IDRegDocuments"), ("dp", "DistinctParties"),
            ("rel", "ProfileRelationships"), ("se", "SanctionsEntries"),
        ):  # fmt: skip
            out.write(f"<{tag}>")
            with parts[name].open(encoding="utf-8") as part:
                while block := part.read(1 << 20):
                    out.write(block)
            out.write(f"</{tag}>\n")
            parts[name].unlink()
        out.write("</Sanctions>\n")
    return path
