"""What `tracker screen` writes: text for people, JSON and CSV for programs (columns and keys
as documented, the algorithm in each), or the hits workbook (``hits_book.py``). Every output
carries what the record needs: the lists' dates, every hit found ("10 of 12" when --limit
cuts), each hit's entry beside the query, and each warning of the inputs with its row and
column."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from tracker.errors import InputError
from tracker.outputs import atomic_output
from tracker.problems import Problem
from tracker.render import csv_text, plural, printable, short, text_line
from tracker.screening.hits_book import write_workbook
from tracker.screening.record import facts
from tracker.screening.results import Hit, Screening
from tracker.screening.score import Feature, band

CSV_COLUMNS = (
    "query_id", "query_name", "rank", "score", "band", "source", "snapshot", "entry_id",
    "entry_name", "matched_name", "entry_type", "programs", "evidence", "explanation",
    "found", "list", "list_date", "listed_on", "program_names", "remarks",
    "query_birth_date", "entry_birth_dates", "query_country", "entry_countries",
    "query_imo", "entry_imo", "query_id_number", "entry_identifiers", "entry_addresses",
    "link", "earlier_decision", "query_warnings",
)  # fmt: skip
PAIR_COLUMNS = ("score", "band")
SHOWN_PROGRAMS = 3  # per hit in the text output (all in JSON, CSV and the workbook)
FORMATS = {".xlsx": "xlsx", ".csv": "csv", ".json": "json"}


def decimal(value: float) -> Decimal:
    """Scores leave as exact decimals of four places (never binary floats)."""
    return Decimal(f"{value:.4f}")


def evidence(features: Sequence[Feature]) -> str:
    """The features in short: evidence with its score, qualifiers with their signed effect."""
    parts = []
    for f in features:
        if f.name in ("name", "identifier"):
            parts.append(f"{f.name} {f.score:.2f}" + ("" if f.weight else " (not used)"))
        else:
            parts.append(f"{f.name} {f.score:+.2f}")
    return ", ".join(parts)


def explanation(hit: Hit) -> str:
    said = hit.scored.explanation
    return f"{said} Decision: {hit.decision}." if hit.decision else said


def warning_text(problem: Problem) -> str:
    """A warning in one line, with its place and hint: "q.csv:58: DOB: '1974-01-32' is not a
    date: ignored (date, warning); hint: no such day: check the day and the month"."""
    line = text_line(problem, "").split("\n")[0]
    return f"{line}; hint: {problem.hint}" if problem.hint else line


def query_warnings(result: Screening, query_id: str) -> list[Problem]:
    return result.source.warnings_of(query_id) if result.source is not None else []


def hit_row(result: Screening, hit: Hit) -> list[Any]:
    c = hit.candidate
    f = facts(result, hit)
    q = hit.query
    return [
        q.id,
        q.name,
        hit.rank,
        decimal(hit.scored.score),
        hit.scored.band,
        c.source,
        c.snapshot,
        c.entry_id,
        c.name,
        hit.scored.matched_name,
        c.type,
        "; ".join(c.programs),
        evidence(hit.scored.features),
        explanation(hit),
        result.found_of(q.id),
        f.list_name,
        next((s.snapshot.list_date for s in result.lists if s.snapshot.id == c.snapshot), ""),
        f.listed_on,
        "; ".join(f.programs),
        f.remarks,
        q.birth_date,
        "; ".join(f.birth_dates),
        q.country,
        "; ".join(f.nationalities),
        q.imo,
        f.imo,
        q.id_number,
        "; ".join(f.identifiers),
        "; ".join(f.addresses),
        f.link,
        hit.decided.said if hit.decided else "",
        "; ".join(warning_text(p) for p in query_warnings(result, q.id)),
    ]


# --- text ---------------------------------------------------------------------------------------


def lists_line(result: Screening) -> str:
    ages = []
    for s in result.lists:
        age = f" ({plural(s.age_days, 'day')} old)" if s.age_days else ""
        ages.append(f"{s.snapshot.source} {s.snapshot.list_date}{age}")
    return f"as of {result.as_of}: lists of " + ", ".join(ages)


def text(result: Screening) -> str:
    lines = [result.line()]
    if result.as_of is not None:
        lines.append(lists_line(result))
    lines += [f"warning: {s.warning} (--max-age {result.max_age})" for s in result.stale]
    screened_rows = set(result.source.rows.values()) if result.source else set()
    lines += [
        f"warning: {printable(warning_text(p))}"
        for p in result.problems.sorted()
        if p.row not in screened_rows
    ]
    for query in result.queries:
        found = result.found_of(query.id)
        hits = result.listed(query.id)
        shown = printable(query.name or query.imo or query.id_number or "")
        count = plural(found, "hit") if found else "no hit"
        if len(hits) < found:
            count = f"{len(hits):,} of {count} (--limit {result.limit})"
        lines.append(f"query {printable(query.id)} {shown!r}: {count}")
        lines += [
            f"  warning: {printable(warning_text(p))}" for p in query_warnings(result, query.id)
        ]
        for hit in hits:
            lines += hit_lines(result, hit)
    return "\n".join(lines) + "\n"


def hit_lines(result: Screening, hit: Hit) -> list[str]:
    c = hit.candidate
    shown_programs = [short(p, 40) for p in c.programs[:SHOWN_PROGRAMS]]
    more = len(c.programs) - SHOWN_PROGRAMS
    shown_programs += [f"+{more} more"] if more > 0 else []
    programs = f" [{', '.join(shown_programs)}]" if c.programs else ""
    lines = [
        f"  {hit.rank}. {hit.scored.score:.2f} {hit.scored.band:<6} {c.source} "
        f"{printable(c.entry_id)} {printable(c.name)} ({c.type}){printable(programs)}",
        f"     {printable(explanation(hit))}",
    ]
    f = facts(result, hit)
    said = [f"listed {f.listed_on}"] if f.listed_on else []
    said += [f"born {'; '.join(f.birth_dates[:3])}"] if f.birth_dates else []
    said += [f"nationality {', '.join(f.nationalities[:5])}"] if f.nationalities else []
    said += [f"IMO {f.imo}"] if f.imo else []
    said += [f"page {f.link}"] if f.link else []
    if said:
        lines.append(f"     entry: {printable('; '.join(said))}")
    return lines


# --- JSON ---------------------------------------------------------------------------------------


def document(result: Screening) -> dict[str, Any]:
    source = result.source
    return {
        "algorithm": result.algorithm,
        "threshold": decimal(result.threshold),
        "run": {
            "at": result.run_at,
            "as_of": result.as_of.isoformat() if result.as_of else None,
            "limit": result.limit,
            "max_age": result.max_age,
            "queries_file": source.path.name if source else None,
            "sheet": source.sheet if source else None,
        },
        "snapshots": [
            {
                "source": s.snapshot.source,
                "snapshot": s.snapshot.id,
                "list_date": s.snapshot.list_date,
                "publisher": s.publisher,
                "imported_on": s.snapshot.as_of,
                "age_days": s.age_days,
                "stale": s.stale,
                "url": s.url,
            }
            for s in result.lists
        ]
        or [
            {"source": s.source, "snapshot": s.id, "list_date": s.list_date}
            for s in result.snapshots
        ],
        "queries": [
            {
                "id": q.id,
                "name": q.name,
                "row": source.rows.get(q.id) if source else None,
                "found": result.found_of(q.id),
                "hits": [hit_document(result, h) for h in result.listed(q.id)],
                "warnings": [p.as_dict() for p in query_warnings(result, q.id)],
            }
            for q in result.queries
        ],
        "cleared": [
            {
                "query": d.query,
                "source": d.source,
                "entry_id": d.entry_id,
                "entry_name": hit.candidate.name,
                "score": decimal(hit.scored.score),
                "decision": d.said,
                "who": d.who,
                "when": d.when,
                "note": d.note,
            }
            for hit, d in result.cleared
        ],
        "warnings": [p.as_dict() for p in result.problems.sorted()],
        "not_screened": result.not_screened,
        "summary": result.summary(),
    }


def hit_document(result: Screening, hit: Hit) -> dict[str, Any]:
    c = hit.candidate
    f = facts(result, hit)
    found: dict[str, Any] = {
        "rank": hit.rank,
        "score": decimal(hit.scored.score),
        "band": hit.scored.band,
        "source": c.source,
        "snapshot": c.snapshot,
        "entry_id": c.entry_id,
        "entry_name": c.name,
        "matched_name": hit.scored.matched_name,
        "entry_type": c.type,
        "programs": list(c.programs),
        "features": [
            {
                "name": feature.name,
                "score": decimal(feature.score),
                "weight": decimal(feature.weight),
                "detail": feature.detail,
            }
            for feature in hit.scored.features
        ],
        "explanation": hit.scored.explanation,
        "list": f.list_name,
        "listed_on": f.listed_on or None,
        "program_names": list(f.programs),
        "remarks": f.remarks or None,
        "entry": {
            "birth_dates": list(f.birth_dates),
            "nationalities": list(f.nationalities),
            "identifiers": list(f.identifiers),
            "imo": f.imo or None,
            "addresses": list(f.addresses),
        },
        "link": f.link,
    }
    if hit.decision:
        found["decision"] = hit.decision
    return found


def as_json(value: Any) -> str:
    """JSON never holds NaN or Infinity (not JSON): a non-finite number is a bug, not data."""
    return (
        json.dumps(value, indent=1, ensure_ascii=False, allow_nan=False, default=lambda d: float(d))
        + "\n"
    )


def render(result: Screening, fmt: str) -> str:
    if fmt == "json":
        return as_json(document(result))
    if fmt == "csv":
        return csv_text(CSV_COLUMNS, (hit_row(result, h) for h in result.all_hits()))
    return text(result)


def format_of(path: Path) -> str:
    """The format an output path's extension asks for (.xlsx, .csv, .json)."""
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        raise InputError(f"-o {path}: the hits are written as .xlsx, .csv or .json")
    return found


def write(result: Screening, path: Path) -> dict[str, str]:
    """To a file, its format from its extension (.xlsx, .json, .csv), atomically. For a
    workbook, returns each query's first cell on Hits (for ``--annotate``'s links)."""
    fmt = format_of(path)
    if fmt == "xlsx":
        return write_workbook(result, path)
    with atomic_output(path) as temp:
        temp.write_text(render(result, fmt), encoding="utf-8", newline="")
    return {}


# --- pairs --------------------------------------------------------------------------------------


def pairs_csv(header_row: Sequence[str], rows: Iterable[tuple[Sequence[str], float]]) -> str:
    """The input rows with score and band appended."""
    return csv_text(
        [*header_row, *PAIR_COLUMNS],
        ([*cells, decimal(s), band(s)] for cells, s in rows),
    )
