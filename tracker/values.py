"""Value types that clean themselves: IMO numbers, countries, slugs, partial dates, counts, lists.

Each validator raises ``PydanticCustomError`` whose *type* is the stable rule id, so a failed
value turns into a Problem with that id without a lookup table.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any

import prefixdate
import pycountry
from annotated_types import Ge
from pydantic import (
    BeforeValidator,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainSerializer,
    StringConstraints,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from tracker.errors import InputError

# --- IMO numbers -------------------------------------------------------------------------------

COMPANY_WEIGHTS = (8, 6, 4, 2, 9, 7)
_IMO_RE = re.compile(r"^(?:IMO[\s:.-]*)?([0-9]{7})$", re.IGNORECASE)


def other_digits(text: str) -> bool:
    """Digits of another script ('٩٠٧٤٧٢٩', '²'): ``str.isdigit`` says yes, an IMO says no."""
    return any(ch.isdigit() and not "0" <= ch <= "9" for ch in text)


def imo_ship_check_digit(six_digits: str) -> int:
    """The check digit of an IMO ship number: weights 7..2, last digit of the sum.
    Unrolled, because a million designations call it."""
    d = [ord(c) - 48 for c in six_digits]
    return (d[0] * 7 + d[1] * 6 + d[2] * 5 + d[3] * 4 + d[4] * 3 + d[5] * 2) % 10


def imo_company_check_digit(six_digits: str) -> int:
    """The check digit of an IMO company number: weights 8,6,4,2,9,7, (11 - sum mod 11) mod 10."""
    total = sum(int(d) * w for d, w in zip(six_digits, COMPANY_WEIGHTS, strict=True))
    return (11 - total % 11) % 10


_SEVEN_DIGITS = re.compile(r"[1-9][0-9]{6}")  # ASCII: '²' passes str.isdigit(), not int()


def is_valid_imo_ship(number: str) -> bool:
    return _checks(number, imo_ship_check_digit)


def is_valid_imo_company(number: str) -> bool:
    return _checks(number, imo_company_check_digit)


def _checks(number: str, check_digit: Callable[[str], int]) -> bool:
    """Seven ASCII digits, not zero-padded, the last one the check digit of the six."""
    return bool(_SEVEN_DIGITS.fullmatch(number)) and check_digit(number[:6]) == int(number[6])


def parse_imo(value: Any) -> str:
    """Accept ``9074729`` or ``IMO 9074729``; store the seven digits. Never zero-pads. The one
    IMO parser: datasets, list files' checks and screening queries all read IMO numbers here."""
    text = str(value).strip()
    if other_digits(text):
        raise PydanticCustomError(
            "imo",
            "IMO number '{value}' has digits of another script: write it in 0-9",
            {"value": text, "hint": "retype the number in the digits 0-9"},
        )
    match = _IMO_RE.match(text)
    if not match:
        raise PydanticCustomError(
            "imo",
            "IMO number must be 7 digits (optionally written 'IMO 1234567')",
            {"hint": "copy the 7-digit number exactly; do not pad short numbers with zeros"},
        )
    number = match.group(1)
    if number[0] == "0":
        raise PydanticCustomError(
            "imo",
            "IMO {number} starts with 0: IMO numbers are never zero-padded",
            {"number": number, "hint": "copy the number exactly as the register gives it"},
        )
    expected = imo_ship_check_digit(number[:6])
    if expected != int(number[6]):
        raise PydanticCustomError(
            "imo",
            "IMO {number} fails the check digit: expected last digit {expected}",
            {"number": number, "expected": expected, "hint": "re-check the number at its source"},
        )
    return number


# --- countries ---------------------------------------------------------------------------------

# Names in common use that pycountry does not know.
SAINT = re.compile(r"^St\.? ", re.IGNORECASE)
COUNTRY_ALIASES = {
    "russia": "RU",
    "uk": "GB",
    "britain": "GB",
    "great britain": "GB",
    "turkey": "TR",
    "dprk": "KP",
    "rok": "KR",
    "us": "US",
    "u.s.": "US",
    "usa": "US",
    "america": "US",
    "korea, north": "KP",  # as OFAC writes them
    "korea, south": "KR",
    "burma": "MM",
    "congo, democratic republic of the": "CD",
    "congo, republic of the": "CG",
    "democratic republic of the congo": "CD",
    "ivory coast": "CI",
    "cote d'ivoire": "CI",
    "macedonia": "MK",
    "cape verde": "CV",
    "swaziland": "SZ",
    "palestine": "PS",
    "kosovo": "XK",  # not in ISO 3166-1; the code the lists use (user-assigned)
    "uae": "AE",
    "turkiye": "TR",
    "holland": "NL",
    "brunei": "BN",
    "micronesia": "FM",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "vatican": "VA",
    "east timor": "TL",
}


@lru_cache(maxsize=4096)
def country_code(value: str) -> str | None:
    """ISO 3166-1 alpha-2 for an alpha-2, alpha-3 or name; None when unknown."""
    key = SAINT.sub("Saint ", value.strip())  # "St Kitts and Nevis", "St. Lucia"
    if key.lower() in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key.lower()]
    try:
        return str(pycountry.countries.lookup(key).alpha_2)
    except LookupError:
        return None


def parse_country(value: Any) -> str:
    code = country_code(str(value))
    if code is None:
        raise PydanticCustomError(
            "country",
            "unknown country '{value}'",
            {"value": str(value), "hint": "use an ISO 3166-1 code such as KR, RU, KP or US"},
        )
    return code


# --- languages ---------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def parse_language(value: str) -> str:
    code = value.strip().lower()
    if pycountry.languages.get(alpha_2=code) is None:
        raise PydanticCustomError(
            "language",
            "unknown language code '{value}'",
            {"value": value, "hint": "use an ISO 639-1 code such as en, ko or ru"},
        )
    return code


# --- slugs, urls -------------------------------------------------------------------------------

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def parse_url(value: Any) -> str:
    text = str(value).strip()
    if not re.match(r"^https?://\S+$", text):
        raise PydanticCustomError(
            "url", "'{value}' is not a web address", {"value": text, "hint": "start with https://"}
        )
    return text


# --- counts and quantities ---------------------------------------------------------------------

_COUNT_RE = re.compile(r"^(?:\d+|\d{1,3}(?:,\d{3})+)$")
_QUANTITY_RE = re.compile(r"^(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$")
MAX_EXACT = 999_999_999_999_999  # 15 digits: what a spreadsheet holds exactly


def parse_count(value: Any) -> int:
    """A whole number from 0 to 15 digits; '1,402' and '1402' are the same count."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_EXACT:
        return value
    text = str(value).strip()
    if text.startswith("-") and _COUNT_RE.match(text[1:]):
        raise PydanticCustomError(
            "count", "a count cannot be negative", {"hint": "counts are whole numbers from 0 up"}
        )
    if not _COUNT_RE.match(text):
        raise PydanticCustomError(
            "count", "not a whole number", {"hint": "write digits only, e.g. 1402 or 1,402"}
        )
    number = int(text.replace(",", ""))
    if number > MAX_EXACT:
        raise PydanticCustomError(
            "count",
            "a count of more than 15 digits is not believable (and no spreadsheet holds it)",
            {"hint": "re-check the number at its source"},
        )
    return number


def parse_quantity(value: Any) -> Decimal:
    """An exact decimal from 0 up, written in plain digits: no exponent, no NaN or infinity,
    thousands separators only in groups of three (never a float)."""
    if isinstance(value, Decimal) and value.is_finite() and value >= 0:
        return value
    if isinstance(value, float):
        raise PydanticCustomError(
            "quantity", "floats are not exact", {"hint": "pass a string or Decimal"}
        )
    text = str(value).strip()
    if not _QUANTITY_RE.match(text) or len(text) > 40:
        raise PydanticCustomError(
            "quantity",
            "not a plain decimal number",
            {"hint": "write digits, e.g. 11000, 11,000 or 2.5 (no exponent, no NaN)"},
        )
    return Decimal(text.replace(",", ""))


def as_date(value: str | dt.date, label: str = "") -> dt.date:
    """A date the Python API was given (a date, a datetime or YYYY-MM-DD), else InputError."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{label}not a date (YYYY-MM-DD): {value!r}") from None


# --- dates as official lists write them ----------------------------------------------------------

_LIST_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %Y", "%B %Y", "%d/%m/%Y", "%d.%m.%Y")
_ISO_FORM = re.compile(r"^\d{4}(?:-\d{1,2}){0,2}(?:[T ]\d{1,2}:\d{2}\S*)?$")


def list_date(text: str) -> str | None:
    """A date as a list writes it, as an ISO date or prefix (its precision kept, a time
    dropped): ISO forms, "01 Jan 1960", "Jan 1960" and "15/08/1960"; None for anything else
    (circa, ranges). prefixdate (followthemoney's partial dates) reads them."""
    text = text.strip()
    if _ISO_FORM.match(text):  # prefixdate alone would read "1958..1960" as 1958
        found = prefixdate.parse(text)
    else:
        found = prefixdate.parse_formats(text, list(_LIST_FORMATS))
    return found.text[:10] if found.text else None


def _valid(iso: str) -> str | None:
    try:
        dt.date.fromisoformat(iso if len(iso) == 10 else (iso + "-01-01")[:10])
    except ValueError:
        return None
    return iso


# --- dates as people write them (screening queries) ----------------------------------------------

DATE_ORDERS = ("dmy", "mdy", "ymd")
_YEAR_FIRST = re.compile(
    r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
)
_YEAR_LAST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_MONTH_NAMED = ("%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y")
_MONTH_YEAR = ("%b %Y", "%B %Y")
_SPACES = re.compile(r"[\s,]+")


def read_date(text: str, order: str | None = None) -> str:
    """A date as people write it, as an ISO date or prefix (its precision kept): year first
    (``1969-07-16``, ``1969-7-16``, ``1969/07/16``, ``1969-07``, ``1969``, a time after it),
    month names (``16 Jul 1969``, ``July 16, 1969``, ``Jul 1969``), and day and month in
    digits before the year (``16/07/1969``) only in the ``order`` given (dmy or mdy): a file
    says which it uses, a guess could swap day and month. Raises the ``date`` error."""
    text = text.strip()
    if other_digits(text):
        raise _not_a_date(text, "write it in the digits 0-9")
    if match := _YEAR_FIRST.match(text):
        year, month, day = match.groups()
        return _iso_or_raise(text, year, month, day)
    if match := _YEAR_LAST.match(text):
        first, second, year = match.groups()
        if order not in ("dmy", "mdy"):
            raise _not_a_date(
                text,
                "day and month in digits before the year: say their order with --date-order "
                "dmy (16/07/1969) or mdy (07/16/1969)",
            )
        day, month = (first, second) if order == "dmy" else (second, first)
        return _iso_or_raise(text, year, month, day, f" in the {order} order")
    words = _SPACES.sub(" ", text)
    for forms, cut in ((_MONTH_NAMED, 10), (_MONTH_YEAR, 7)):
        for form in forms:
            try:
                found = dt.datetime.strptime(words, form).date()
            except ValueError:
                continue
            if found.year < MIN_YEAR:
                break
            return found.isoformat()[:cut]
    raise _not_a_date(text, "write it as YYYY-MM-DD (a month or a year alone also do)")


def _iso_or_raise(text: str, year: str, month: str | None, day: str | None, how: str = "") -> str:
    iso = year + (f"-{int(month):02d}" if month else "") + (f"-{int(day):02d}" if day else "")
    if int(year) < MIN_YEAR:
        raise _not_a_date(text, f"a year before {MIN_YEAR}: check the year")
    if _valid(iso) is None:
        raise _not_a_date(text, f"no such day{how}: check the day and the month")
    return iso


def _not_a_date(text: str, hint: str) -> PydanticCustomError:
    return PydanticCustomError("date", "'{value}' is not a date", {"value": text, "hint": hint})


# --- partial dates -----------------------------------------------------------------------------

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MIN_YEAR = 1000


class PartialDate:
    """An ISO date that keeps its source's precision: ``2024``, ``2024-06`` or ``2024-06-19``."""

    __slots__ = ("day", "month", "year")

    def __init__(self, year: int, month: int | None = None, day: int | None = None) -> None:
        self.year = year
        self.month = month
        self.day = day

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        match = _DATE_RE.match(text.strip())
        if not match:
            raise ValueError(text)
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if year < MIN_YEAR:
            raise ValueError(text)
        if month is not None and day is not None:
            dt.date(year, month, day)  # raises ValueError for 2024-02-30
        elif month is not None and not 1 <= month <= 12:
            raise ValueError(text)
        return cls(year, month, day)

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    def full(self) -> dt.date | None:
        """The calendar date, or None when the source gave only a month or a year."""
        if self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)

    def key(self) -> tuple[int, int, int]:
        """Sort key; a missing month or day sorts first."""
        return (self.year, self.month or 0, self.day or 0)

    def latest(self) -> dt.date:
        """The last calendar day the date can stand for (``2024-06`` -> 2024-06-30)."""
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day is None:
            following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
            return following - dt.timedelta(days=1)
        return dt.date(self.year, self.month, self.day)

    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def __repr__(self) -> str:
        return f"PartialDate({self})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, PartialDate)
            and self.key() == other.key()
            and ((self.month is None, self.day is None) == (other.month is None, other.day is None))
        )

    def __hash__(self) -> int:
        return hash(str(self))

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _validate_partial_date,
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {"type": "string", "pattern": _DATE_RE.pattern}


@lru_cache(maxsize=65536)
def _parse_date_text(text: str) -> PartialDate:
    try:
        return PartialDate.parse(text)
    except ValueError:
        raise PydanticCustomError(
            "date",
            "'{value}' is not a date",
            {
                "value": text,
                "hint": "write an ISO date from year 1000 on: 2024-06-19, 2024-06, 2024",
            },
        ) from None


def _validate_partial_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    return _parse_date_text(str(value))


# --- lists -------------------------------------------------------------------------------------


def split_list(value: Any) -> list[str]:
    """A ``;``-separated cell as a list; empty parts are dropped."""
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [part.strip() for part in str(value).split(";") if part.strip()]


# --- vocabularies ------------------------------------------------------------------------------


class EntityType(StrEnum):
    person = "person"
    organization = "organization"
    vessel = "vessel"


class Qualifier(StrEnum):
    """How a claim's quantity is meant. The vague magnitudes (several ... billions) stand
    without a quantity: the word itself is the claim, read as a lower bound
    (``tracker/records/claims.py``)."""

    exact = "exact"
    more_than = "more_than"
    at_least = "at_least"
    about = "about"
    at_most = "at_most"
    several = "several"
    dozens = "dozens"
    hundreds = "hundreds"
    thousands = "thousands"
    hundreds_of_millions = "hundreds_of_millions"
    billions = "billions"


MAGNITUDES = (
    Qualifier.several,
    Qualifier.dozens,
    Qualifier.hundreds,
    Qualifier.thousands,
    Qualifier.hundreds_of_millions,
    Qualifier.billions,
)


class AuthorityKind(StrEnum):
    government = "government"
    ministry = "ministry"
    agency = "agency"
    intergovernmental = "intergovernmental"


class DateBasis(StrEnum):
    """How a record's date was had: read from the source, or resolved by the dating rule."""

    stated = "stated"
    resolved = "resolved"


class Weekday(StrEnum):
    """Monday first, as ``date.weekday()`` counts; names are English, whatever the locale."""

    Monday = "Monday"
    Tuesday = "Tuesday"
    Wednesday = "Wednesday"
    Thursday = "Thursday"
    Friday = "Friday"
    Saturday = "Saturday"
    Sunday = "Sunday"

    @classmethod
    def of(cls, day: dt.date) -> Weekday:
        return list(cls)[day.weekday()]


def _title(value: Any) -> Any:
    return value.strip().capitalize() if isinstance(value, str) else value


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


# --- annotated types used by the models --------------------------------------------------------

Imo = Annotated[str, StringConstraints(pattern=r"^[0-9]{7}$"), BeforeValidator(parse_imo)]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$"), BeforeValidator(parse_country)]
Language = Annotated[
    str, StringConstraints(pattern=r"^[a-z]{2}$"), BeforeValidator(lambda v: parse_language(str(v)))
]
# checked by pydantic's own (Rust) pattern matcher, which is fast; problems.py names the rule
Slug = Annotated[str, StringConstraints(strip_whitespace=True, pattern=SLUG_RE.pattern)]
Url = Annotated[str, BeforeValidator(parse_url)]
Count = Annotated[int, Ge(0), BeforeValidator(parse_count)]
Quantity = Annotated[Decimal, BeforeValidator(parse_quantity), PlainSerializer(str)]
SemicolonList = Annotated[list[str], BeforeValidator(split_list)]
WeekdayName = Annotated[Weekday, BeforeValidator(_title)]
DateBasisName = Annotated[DateBasis, BeforeValidator(_lower)]
EntityTypeName = Annotated[EntityType, BeforeValidator(_lower)]
QualifierName = Annotated[Qualifier, BeforeValidator(_lower)]
AuthorityKindName = Annotated[AuthorityKind, BeforeValidator(_lower)]
