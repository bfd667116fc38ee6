"""Every problem code the tracker reports, declared once: family, severity, what it means and
the default hint. Loader codes, rule ids and list-import codes alike. A Problem is made by
calling its code (``IMO(where, message, value=...)``); `tracker codes` prints this catalogue and
the README's table of codes is generated from it (a test compares them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from tracker.problems import Location, Problem, Severity

ERROR, WARNING = Severity.error, Severity.warning


class Family(StrEnum):
    file = "file"  # a file or sheet as a whole, its header, a row's shape
    value = "value"  # one cell's value
    integrity = "integrity"  # ids and references across files
    rule = "rule"  # a reconciliation rule of `tracker check`
    list = "list"  # an entry of an imported official list


@dataclass(frozen=True)
class Code:
    id: str
    family: Family
    severities: tuple[Severity, ...]  # the first is the default
    description: str
    hint: str

    @property
    def severity(self) -> Severity:
        return self.severities[0]

    def __call__(
        self,
        where: Location,
        message: str,
        *,
        value: object = None,
        hint: str | None = None,
        related: Iterable[Location] = (),
        severity: Severity | None = None,
    ) -> Problem:
        chosen = severity or self.severity
        assert chosen in self.severities, f"{self.id} is never a {chosen}"
        return Problem(
            severity=chosen,
            code=self.id,
            file=where.file,
            row=where.row,
            field=where.field,
            value=None if value is None else str(value),
            message=message,
            hint=self.hint if hint is None else hint,
            related=tuple(related),
            record=where.record,
            sheet=where.sheet,
            cell=where.cell,
        )


CATALOGUE: dict[str, Code] = {}


def declare(
    code_id: str, family: Family, severities: tuple[Severity, ...], description: str, hint: str
) -> Code:
    assert code_id not in CATALOGUE, code_id
    CATALOGUE[code_id] = code = Code(code_id, family, severities, description, hint)
    return code


# severities a code can have, the default first
E, W, EW, WE = (ERROR,), (WARNING,), (ERROR, WARNING), (WARNING, ERROR)

# --- files, sheets, headers, rows ----------------------------------------------------------------
FILE_MISSING = declare(
    "file-missing",
    Family.file,
    E,
    "a file (or sheet) of the dataset is missing",
    "create it with its header row",
)
FILE_UNKNOWN = declare(
    "file-unknown",
    Family.file,
    E,
    "a CSV in the dataset folder that is not one of its files; not loaded",
    "rename it to one of the dataset's file names",
)
FILE_EMPTY = declare(
    "file-empty",
    Family.file,
    E,
    "a file (or sheet) with no header row",
    "a table with no records still needs its header row",
)
ENCODING = declare(
    "encoding",
    Family.file,
    E,
    "a file that is not UTF-8; it is read no further",
    "save the file as UTF-8 (in Excel: 'CSV UTF-8 (comma delimited)')",
)
CSV_SYNTAX = declare(
    "csv-syntax",
    Family.file,
    E,
    "broken CSV (such as an unclosed quote); the file is read no further",
    'check for an unclosed double quote; a quote inside a cell is written as ""',
)
COLUMN_MISSING = declare(
    "column-missing",
    Family.file,
    E,
    "a required column is missing from the header",
    "add a column with this header",
)
COLUMN_UNKNOWN = declare(
    "column-unknown",
    Family.file,
    EW,  # a warning in a queries file, which may hold other columns
    "a column the record type does not have; its values are not loaded",
    "rename it to one of the record type's columns",
)
COLUMN_DUPLICATE = declare(
    "column-duplicate",
    Family.file,
    E,
    "a column that appears twice in the header",
    "delete one of the two columns",
)
ROW_CELLS = declare(
    "row-cells",
    Family.file,
    E,
    "a row with more or fewer cells than the header; it is not loaded",
    "check for a missing or extra comma; a comma inside a cell needs double quotes",
)
SHEET_UNKNOWN = declare(
    "sheet-unknown",
    Family.file,
    W,
    "a sheet of a workbook that is not a record type; it is ignored",
    "rename it to a record type's sheet name if it holds records",
)
CELL_FORMULA = declare(
    "cell-formula",
    Family.file,
    E,
    "a formula cell with no saved result, so its value is unknown",
    "open and save the workbook in a spreadsheet program, or type the value",
)
CELL_DATE = declare(
    "cell-date",
    Family.file,
    E,
    "a date in a column of text or numbers: the spreadsheet turned what was typed into a date",
    "format the column as text (the template does) and type the value again",
)
CELL_ERROR = declare(
    "cell-error",
    Family.file,
    E,
    "a cell holding an error (#DIV/0!, #N/A, #REF!...) instead of a value",
    "fix the formula, or type the value",
)
CELL_MERGED = declare(
    "cell-merged",
    Family.file,
    E,
    "merged cells: only the first holds the value",
    "unmerge the cells and fill in each one",
)

# --- values --------------------------------------------------------------------------------------
QUERY = "(a warning in a screening query: the value is ignored, the row screened without it)"
REQUIRED = declare(
    "required",
    Family.value,
    EW,
    "a required field is empty (a warning for a screening query with nothing to look for: "
    "the row is not screened)",
    "fill in this required field",
)
VOCABULARY = declare(
    "vocabulary",
    Family.value,
    EW,
    f"a value outside the field's list of values {QUERY}",
    "use one of the listed values",
)
SLUG = declare(
    "slug",
    Family.value,
    E,
    "an id or reference that is not a lowercase slug",
    "use lowercase letters, digits and single hyphens: kr-2024-06",
)
COUNT = declare(
    "count",
    Family.value,
    E,
    "a count that is not a whole number from 0 up (or is too large)",
    "write digits only, e.g. 1402 or 1,402",
)
QUANTITY = declare(
    "quantity",
    Family.value,
    E,
    "a quantity that is not an exact decimal from 0 up",
    "write digits, e.g. 11000 or 2.5 (no exponent, no NaN)",
)
DATE = declare(
    "date",
    Family.value,
    EW,
    f"not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY) from year 1000 on {QUERY}",
    "write an ISO date: 2024-06-19, or 2024-06, or 2024",
)
IMO = declare(
    "imo",
    Family.value,
    EW,
    "an IMO ship number that is not 7 digits or fails its check digit "
    "(a warning on a list entry, which is kept, and in a screening query, which is screened "
    "without it)",
    "re-check the number at its source",
)
COUNTRY = declare(
    "country",
    Family.value,
    EW,
    f"a country the tracker does not know {QUERY}",
    "use an ISO 3166-1 code such as KR, RU, KP or US",
)
LANGUAGE = declare(
    "language",
    Family.value,
    E,
    "an unknown language code",
    "use an ISO 639-1 code such as en, ko or ru",
)
URL = declare("url", Family.value, E, "not a web address", "start with https://")
TOO_LONG = declare(
    "too-long",
    Family.value,
    EW,
    "a value longer than the tracker reads: a name of more than 500 characters or 30 words, "
    "more than 50 aliases (a warning in a screening query: the value is ignored)",
    "shorten it to the name itself; put other names in the aliases column",
)
TEXT = declare(
    "text",
    Family.value,
    E,
    "text with control characters (NUL, ESC, ...) that no source contains",
    "delete the invisible characters, or retype the value",
)
VALUE = declare(
    "value",
    Family.value,
    EW,
    f"a value of the wrong kind for its field {QUERY}",
    "check the value against the field's description (`tracker schema`)",
)

# --- ids and references --------------------------------------------------------------------------
ID_DUPLICATE = declare(
    "id-duplicate",
    Family.integrity,
    EW,
    "an id used by two records of one file (a warning for a screening query: the second is "
    "screened under an id of its own)",
    "give each record its own id",
)
REF_UNKNOWN = declare(
    "ref-unknown",
    Family.integrity,
    E,
    "a *_id that names no record of the file it points to",
    "use an id that exists, or add that record",
)
SOURCE_FILE_MISSING = declare(
    "source-file-missing",
    Family.integrity,
    E,
    "a source whose text file is not in sources/",
    "put the text under sources/ with exactly this name",
)

# --- reconciliation rules ------------------------------------------------------------------------
REVISION_ARITHMETIC = declare(
    "revision-arithmetic",
    Family.rule,
    E,
    "previous_count + added - removed = new_count",
    "re-read the source: one of previous_count, added, removed, new_count is wrong",
)
REVISION_CHAIN = declare(
    "revision-chain",
    Family.rule,
    EW,
    "a list's revisions, in date order, chain: previous_count = prior new_count",
    "a revision starts where the one before it ended; check both rows",
)
ITEMS_VS_REVISION = declare(
    "items-vs-revision",
    Family.rule,
    WE,
    "itemized control_items vs the stated added, removed and new_count",
    "add the missing control items when a source names them",
)
STATED_TOTAL = declare(
    "stated-total",
    Family.rule,
    E,
    "stated_total = the sum of the stated per-type counts",
    "re-read the announcement: a per-type count or the total is wrong",
)
STATED_VS_ITEMIZED = declare(
    "stated-vs-itemized",
    Family.rule,
    WE,
    "per action and entity type: designations rows vs the stated count",
    "add the missing designations when a source names them",
)
CLAIM_SERIES = declare(
    "claim-series",
    Family.rule,
    EW,
    "claims on one subject and unit, in as_of order, cannot contradict",
    "check both quotes, their dates and whether they count the same thing",
)
EVENT_WEEKDAY = declare(
    "event-weekday",
    Family.rule,
    EW,
    "stated_weekday matches the weekday of the event's date",
    "check the date and the weekday against the source",
)
DATE_ORDER = declare(
    "date-order",
    Family.rule,
    E,
    "announced_on <= effective_on; no date after --as-of",
    "a recorded fact cannot be dated in the future; check the date or --as-of",
)
NAME_CONFLICT = declare(
    "name-conflict",
    Family.rule,
    W,
    "one role (in one organization or country) named differently by sources",
    "keep each source's spelling; confirm who holds the role before briefing",
)
DUPLICATE = declare(
    "duplicate",
    Family.rule,
    EW,
    "the same IMO on two vessels, the same party twice in one action",
    "delete one of the two rows, or tell the parties apart",
)
ACTION_VS_LIST = declare(
    "action-vs-list",
    Family.rule,
    W,
    "an action's stated counts vs what its official list added in its window",
    "check the window and programs, or whether the list is behind",
)
DESIGNATION_ON_LIST = declare(
    "designation-on-list",
    Family.rule,
    W,
    "an itemized designation is on the list its action names, in the action's window",
    "check the name and IMO against the list, or whether the list is behind",
)
QUOTE_VERBATIM = declare(
    "quote-verbatim",
    Family.rule,
    E,
    "the quote occurs in the cited source text (whitespace-insensitive)",
    "copy the words exactly from the source text (spacing may differ)",
)
QUOTE_NUMBERS = declare(
    "quote-numbers",
    Family.rule,
    E,
    "every count or quantity of a record appears in its quote",
    "quote the words that state this number, or correct the number",
)

# --- entries of official lists -------------------------------------------------------------------
IMO_COMPANY = declare(
    "imo-company",
    Family.list,
    W,
    "an IMO company number that fails its check digit (kept)",
    "re-check the number at the list's source",
)
ENTITY_TYPE = declare(
    "entity-type",
    Family.list,
    W,
    "a list entry of a type the tracker does not know (kept as given)",
    "tell us the list's new type so that it can be mapped",
)
ENTRY_DUPLICATE = declare(
    "entry-duplicate",
    Family.list,
    W,
    "an entry id repeated in a list; the first entry is kept",
    "check the list file; the publisher may have repeated a record",
)
ENTRY_ID = declare(
    "entry-id",
    Family.list,
    W,
    "an entry without an id of its own, or with the id of an earlier entry: it is kept under "
    "an id the tracker gives it",
    "check the list file; the id given is stable only while the file keeps its order",
)
ENTRY_CAPPED = declare(
    "entry-capped",
    Family.list,
    W,
    "an entry with more relationships or name spellings than one entry keeps; the rest are "
    "counted in its details, not kept",
    "check the list file: one entry rarely has so many",
)
LIST_DATE = declare(
    "list-date",
    Family.list,
    W,
    "a list's own date that is not a date, or later than the run's date (--as-of); the snapshot "
    "is ordered by the date it was imported as of instead",
    "check the file's date, or give the date it was read with --as-of",
)

# --- review workbooks (`tracker accept`) ----------------------------------------------------------
DRAFT_DECISION = declare(
    "draft-decision",
    Family.value,
    E,
    "a review workbook's decision that is not accept, reject or edit",
    "choose accept, reject or edit from the cell's drop-down, or leave it empty",
)
DRAFT_NEEDS = declare(
    "draft-needs",
    Family.integrity,
    E,
    "an accepted row that needs a row the review rejected or left undecided, or that the "
    "dataset does not have",
    "accept the row it names, or reject this one too",
)
DRAFT_DUPLICATE = declare(
    "draft-duplicate",
    Family.integrity,
    E,
    "an accepted row that repeats a record already in the dataset (or an earlier row of the draft)",
    "reject the row: the dataset has it",
)
DRAFT_CLASH = declare(
    "draft-clash",
    Family.integrity,
    E,
    "a source text whose file name the dataset already gives to another text",
    "rename the file on the review's Sources sheet",
)


def rule_codes() -> list[Code]:
    return [c for c in CATALOGUE.values() if c.family is Family.rule]
