"""Queries for `tracker screen`: one from the options, or a file of them (.csv, or the first
visible sheet of an .xlsx/.ods). Columns ``id``, ``name``, optional ``type``, ``aliases``
(``;``), ``birth_date``, ``country``, ``imo``, ``id_number``; other headers are mapped with
``--map "Company name=name"``.

A customer file is messy, so it is screened, not refused: a value that cannot be read (an
impossible date, an unknown country, an invalid IMO) is left out of the query and reported
as a warning with its row and column; a row with nothing left to look for is reported and
not screened. Only a file that cannot be read, or has no name column, stops the run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from tracker import codes
from tracker.errors import InputError
from tracker.problems import Location, Problem, Problems, Severity
from tracker.screening.inputs import Rows, read_rows, stop_on_faults, validate
from tracker.screening.score import Query
from tracker.values import Country, Imo, read_date

FIELDS = ("id", "name", "type", "aliases", "birth_date", "country", "imo", "id_number")
LOOKED_FOR = ("name", "imo", "id_number")  # a query needs one of these
MAX_NAME = 500  # characters of a name: the longest names on the lists have about 250
MAX_WORDS = 30  # words of a name (each word is aligned with each word of a candidate)
MAX_ALIASES = 50
MAX_ID = 200  # characters of a query id or an ID number
TYPES = {  # the words a customer file uses for a type, and the type they mean
    "person": "person",
    "individual": "person",
    "natural person": "person",
    "organization": "organization",
    "organisation": "organization",
    "company": "organization",
    "entity": "organization",
    "legal person": "organization",
    "vessel": "vessel",
    "ship": "vessel",
    "aircraft": "aircraft",
}


# --- the model of a query row -------------------------------------------------------------------


def checked_name(value: Any) -> str:
    """A name within the caps: longer names are not names but pasted text (and each word
    costs work against every candidate)."""
    text = " ".join(str(value).split())
    if len(text) > MAX_NAME:
        raise PydanticCustomError(
            "too-long",
            "a name of {length} characters is longer than {limit}",
            {"length": f"{len(text):,}", "limit": MAX_NAME, "hint": codes.TOO_LONG.hint},
        )
    words = len(text.split(" "))
    if words > MAX_WORDS:
        raise PydanticCustomError(
            "too-long",
            "a name of {words} words has more than {limit}",
            {"words": f"{words:,}", "limit": MAX_WORDS, "hint": codes.TOO_LONG.hint},
        )
    return text


def checked_aliases(value: Any) -> tuple[str, ...]:
    parts = value if isinstance(value, list | tuple) else str(value).split(";")
    aliases = tuple(checked_name(a) for a in parts if str(a).strip())
    if len(aliases) > MAX_ALIASES:
        raise PydanticCustomError(
            "too-long",
            "{count} aliases are more than {limit}",
            {"count": len(aliases), "limit": MAX_ALIASES, "hint": "keep the names in use"},
        )
    return aliases


def checked_type(value: Any) -> str:
    text = " ".join(str(value).split()).casefold()
    if text not in TYPES:
        raise PydanticCustomError(
            "vocabulary",
            "type '{value}' is not one the lists use",
            {"value": str(value), "hint": "person, organization, vessel or aircraft"},
        )
    return TYPES[text]


def checked_text(value: Any) -> str:
    text = str(value).strip()
    if len(text) > MAX_ID:
        raise PydanticCustomError(
            "too-long",
            "{length} characters are more than {limit}",
            {"length": len(text), "limit": MAX_ID, "hint": "an id or number is short"},
        )
    return text


Name = Annotated[str, BeforeValidator(checked_name)]
Aliases = Annotated[tuple[str, ...], BeforeValidator(checked_aliases)]
PartyType = Annotated[str, BeforeValidator(checked_type)]
ShortText = Annotated[str, BeforeValidator(checked_text)]


class QueryRow(BaseModel):
    """One query as a file or the options give it; every value read by the dataset's own
    value types (``tracker.values``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: ShortText
    name: Name = ""
    type: PartyType | None = None
    aliases: Aliases = ()
    birth_date: str | None = None
    country: Country | None = None
    imo: Imo | None = None
    id_number: ShortText | None = None

    @field_validator("birth_date", mode="before")
    @classmethod
    def read_birth_date(cls, value: Any, info: ValidationInfo) -> str:
        """Year first, month names, or day and month in the --date-order; never after the
        run's date (a birth date in the future is a typo)."""
        context = info.context or {}
        text = read_date(str(value), context.get("date_order"))
        as_of: dt.date | None = context.get("as_of")
        if as_of is not None and text > as_of.isoformat()[: len(text)]:
            raise PydanticCustomError(
                "date",
                "birth date {value} is after the run's date {as_of}",
                {"value": text, "as_of": as_of.isoformat(), "hint": "check the year"},
            )
        return text

    def query(self) -> Query:
        return Query(
            id=self.id,
            name=self.name,
            type=self.type,
            aliases=self.aliases,
            birth_date=self.birth_date,
            country=self.country,
            imo=self.imo,
            id_number=self.id_number,
        )


def parse_query(
    values: Mapping[str, str],
    where: Callable[[str], Location],
    context: Mapping[str, Any] | None = None,
    severity: Severity = Severity.warning,
) -> tuple[Query | None, list[Problem]]:
    """A query of cell texts (empty ones left out), and the problems of its values: with
    warnings, a bad value is left out; a query with nothing to look for is None."""
    given = {k: v.strip() for k, v in values.items() if v and v.strip()}
    row, problems = validate(QueryRow, given, where, context, severity)
    if severity is Severity.warning:
        problems = [replace(p, message=f"{p.message}: ignored") for p in problems]
    if row is not None and not (row.name or row.imo or row.id_number):
        problems.append(
            codes.REQUIRED(
                where("name"),
                "nothing to look for: no name, IMO or ID number that could be read"
                + ("; not screened" if severity is Severity.warning else ""),
                severity=severity,
                hint="fill in the name (or a valid IMO or ID number)",
            )
        )
        row = None
    return (row.query() if row is not None else None), problems


def value_problems(values: dict[str, str], where: Any) -> Iterator[Problem]:
    """The problems of one query's values, as errors (for a query typed in, not a file)."""
    yield from parse_query({"id": "1", **values}, where, severity=Severity.error)[1]


def query_of(values: dict[str, str]) -> Query:
    """The query of values that ``value_problems`` passed."""
    query, problems = parse_query(values, lambda f: Location("", None, f), None, Severity.error)
    if query is None:
        raise InputError(problems[0].message if problems else "not a query")
    return query


def one_query(
    given: dict[str, str | None],
    date_order: str | None = None,
    as_of: dt.date | None = None,
) -> Query:
    """The query of `--name` and its options; a bad value is an InputError naming the option
    (typed in, it is fixed at once)."""
    values = {k: v for k, v in given.items() if v is not None}
    context = {"date_order": date_order, "as_of": as_of}
    query, problems = parse_query(
        {**values, "id": "1"}, lambda f: Location("", None, f), context, Severity.error
    )
    for problem in problems:
        option = "--" + (problem.field or "name").replace("_", "-")
        raise InputError(f"{option}: {problem.message} ({problem.hint})")
    assert query is not None
    return query


# --- a file of queries --------------------------------------------------------------------------


def parse_map(items: Sequence[str]) -> dict[str, str]:
    """``--map "Header=field"`` options as header (casefolded) -> field."""
    mapping: dict[str, str] = {}
    targets: dict[str, str] = {}
    for item in items:
        header, sep, target = item.rpartition("=")
        header, target = header.strip(), target.strip()
        if not sep or not header or target not in FIELDS:
            raise InputError(
                f"--map {item!r}: write it as COLUMN=FIELD, FIELD one of {', '.join(FIELDS)}"
            )
        if header.casefold() in mapping:
            raise InputError(f"--map {item!r}: column {header!r} is mapped twice")
        if target in targets:
            raise InputError(
                f"--map {item!r}: {target} is already read from column {targets[target]!r}"
            )
        mapping[header.casefold()] = target
        targets[target] = header
    return mapping


def field_of(header: str, mapping: dict[str, str]) -> str | None:
    key = header.strip().casefold()
    if key in mapping:
        return mapping[key]
    plain = key.replace(" ", "_").replace("-", "_")
    return plain if plain in FIELDS and plain not in mapping.values() else None


@dataclass
class QueryFile:
    """What a queries file gave: its queries, the row each came from, the columns each field
    was read from, and what was wrong (warnings: values left out, rows not screened)."""

    path: Path
    sheet: str | None
    header: list[str]
    columns: dict[str, int]  # field -> column index in the header
    queries: list[Query] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # query id -> spreadsheet row
    problems: Problems = field(default_factory=Problems)
    not_screened: list[int] = field(default_factory=list)  # rows with nothing to look for
    first_column: int = 0
    header_row: int = 1
    ignored: int = 0  # values of screened rows left out (each a warning)

    def warnings_of(self, query_id: str) -> list[Problem]:
        row = self.rows.get(query_id)
        return [p for p in self.problems if row is not None and p.row == row]


def columns_of(rows: Rows, mapping: dict[str, str]) -> dict[str, int]:
    """Field -> column; a --map header the file does not have, or two columns read as one
    field, stop the run (a misspelt header would leave a column unread)."""
    headers = {h.strip().casefold(): h for h in rows.header if h.strip()}
    for key, target in mapping.items():
        if key not in headers:
            raise InputError(
                f"--map: {rows.path.name} has no column {key!r} (to read as {target}); its "
                f"columns: {', '.join(map(repr, headers.values()))}"
            )
    columns: dict[str, int] = {}
    for index, header in enumerate(rows.header):
        found = field_of(header, mapping)
        if found is None:
            continue
        if found in columns:
            first = rows.header[columns[found]]
            raise InputError(
                f"{rows.path.name}: columns {first!r} and {header!r} are both read as "
                f"{found}; map the one to use with --map '{header}={found}' or rename the other"
            )
        columns[found] = index
    if not any(f in columns for f in LOOKED_FOR):
        raise InputError(
            f"{rows.path.name}: no name column among {', '.join(map(repr, headers.values()))}; "
            "map one with --map 'COLUMN=name'"
        )
    return columns


def read_query_file(
    path: Path,
    mapping: dict[str, str],
    date_order: str | None = None,
    as_of: dt.date | None = None,
    sheet: str | None = None,
) -> QueryFile:
    """The queries of a file, with a warning for each value left out; raises InputError only
    for a file that cannot be read, or has no name column."""
    rows = read_rows(path, "queries file", sheet)
    columns = columns_of(rows, mapping)
    found = QueryFile(
        path, rows.sheet, rows.header, columns,
        first_column=rows.first_column, header_row=rows.header_row,
    )  # fmt: skip
    found.problems.extend(rows.notes)
    for index, header in enumerate(rows.header):
        if header.strip() and index not in columns.values():
            found.problems.add(
                codes.COLUMN_UNKNOWN(
                    rows.where(1, index, header),
                    f"column {header!r} is not a query field; ignored",
                    severity=codes.WARNING,
                    hint=f"map it with --map '{header}=FIELD' ({', '.join(FIELDS)})",
                )
            )
    context = {"date_order": date_order, "as_of": as_of}
    first_row: dict[str, int] = {}
    for row, cells in rows.rows:
        values = {f: cells[i] if i < len(cells) else "" for f, i in columns.items()}

        def where(name: str, row: int = row) -> Location:
            column = columns.get(name)
            return rows.where(row, column, rows.header[column] if column is not None else name)

        given = values.get("id", "").strip()
        if given in first_row:
            found.problems.add(
                codes.ID_DUPLICATE(
                    where("id"),
                    f"query id {given!r} is used at row {first_row[given]} too; this row is "
                    f"screened as {given} (row {row})",
                    value=given,
                    severity=Severity.warning,
                    hint="give each query its own id",
                )
            )
            values["id"] = f"{given} (row {row})"
        if given:
            first_row.setdefault(given, row)
        values["id"] = values.get("id", "").strip() or str(row)
        query, problems = parse_query(values, where, context)
        found.problems.extend(problems)
        if query is None:
            found.not_screened.append(row)
            continue
        if query.id in found.rows:  # a default id (the row) that a given id already took
            values["id"] = f"{query.id} (row {row})"
            query, _ = parse_query(values, where, context)
            assert query is not None
        found.queries.append(query)
        found.rows[query.id] = row
        found.ignored += len(problems)
    stop_on_faults(rows.faults(), path)
    return found


def read_queries(
    path: Path,
    mapping: dict[str, str],
    date_order: str | None = None,
    as_of: dt.date | None = None,
) -> tuple[list[Query], Problems]:
    """The queries of a file, all or nothing: here a value that cannot be read is an error,
    for callers that keep queries to run them later (a watch: a standing query with a value
    left out would run without it for ever). `tracker screen` reads ``read_query_file``."""
    found = read_query_file(path, mapping, date_order, as_of)
    problems = Problems()
    for problem in found.problems:
        if problem.row is not None and problem.row > found.header_row:
            message = problem.message.removesuffix(": ignored").removesuffix("; not screened")
            problem = replace(problem, severity=Severity.error, message=message)
        problems.add(problem)
    return found.queries, problems
