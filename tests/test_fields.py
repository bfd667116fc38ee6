"""Every value type, with valid and invalid values, and the rule id each failure carries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from tracker.records.load import PYDANTIC_CODES
from tracker.values import (
    AuthorityKindName,
    Count,
    Country,
    EntityTypeName,
    Imo,
    Language,
    PartialDate,
    QualifierName,
    Quantity,
    SemicolonList,
    Slug,
    Url,
    WeekdayName,
    is_valid_imo_company,
    is_valid_imo_ship,
    list_date,
)


def check(annotation: Any, value: Any) -> Any:
    class M(BaseModel):
        v: annotation  # type: ignore[valid-type]

    return M(v=value).v


def rule_of(annotation: Any, value: Any) -> str:
    """The rule id a bad value is reported under."""
    with pytest.raises(ValidationError) as info:
        check(annotation, value)
    kind = str(info.value.errors()[0]["type"])
    code = PYDANTIC_CODES.get(kind)
    return code.id if code else kind


@pytest.mark.parametrize(
    "value", ["9074729", "IMO 9074729", "imo9074729", " 9074729 ", pytest.param(9074729, id="int")]
)
def test_imo_accepts_valid_numbers_and_stores_digits(value: Any) -> None:
    assert check(Imo, value) == "9074729"


@pytest.mark.parametrize(
    "value", ["9074728", "907472", "90747290", "0000000", "12", "IMO", "ABC1234", "9074729x"]
)
def test_imo_rejects_bad_check_digit_and_shape(value: str) -> None:
    assert rule_of(Imo, value) == "imo"


def test_imo_check_digit_message_names_expected_digit() -> None:
    with pytest.raises(ValidationError) as info:
        check(Imo, "9074728")
    assert "expected last digit 9" in info.value.errors()[0]["msg"]


def test_imo_is_never_zero_padded() -> None:
    assert rule_of(Imo, "12") == "imo"
    assert not is_valid_imo_ship("0000012")


def test_imo_company_rule_differs_from_ship_rule() -> None:
    # "Company Number IMO 5434358" from the UN list is a valid company number, not a ship number.
    assert is_valid_imo_company("5434358")
    assert not is_valid_imo_ship("5434358")
    assert not is_valid_imo_company("5434357")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("KR", "KR"),
        ("kr", "KR"),
        ("KOR", "KR"),
        ("South Korea", "KR"),
        ("Russia", "RU"),
        ("North Korea", "KP"),
        ("DPRK", "KP"),
        ("United States", "US"),
        ("Japan", "JP"),
    ],
)
def test_country_accepts_codes_and_names(value: str, code: str) -> None:
    assert check(Country, value) == code


@pytest.mark.parametrize("value", ["XX", "Atlantis", "K", "ZZZ"])
def test_country_rejects_unknown(value: str) -> None:
    assert rule_of(Country, value) == "country"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2024-06-19", "2024-06-19"), ("2024-06", "2024-06"), ("2024", "2024")],
)
def test_partial_date_keeps_precision(value: str, expected: str) -> None:
    assert str(check(PartialDate, value)) == expected


@pytest.mark.parametrize(
    "value", ["2024-02-30", "2024-13", "19/06/2024", "June 19", "24-06-19", ""]
)
def test_partial_date_rejects_impossible_and_non_iso(value: str) -> None:
    assert rule_of(PartialDate, value) == "date"


def test_partial_date_full_and_bounds() -> None:
    assert PartialDate.parse("2024-06-19").full() == dt.date(2024, 6, 19)
    assert PartialDate.parse("2024-06").full() is None
    assert PartialDate.parse("2024-02").latest() == dt.date(2024, 2, 29)
    assert PartialDate.parse("2024-12").latest() == dt.date(2024, 12, 31)
    assert PartialDate.parse("2024").earliest() == dt.date(2024, 1, 1)


@pytest.mark.parametrize(("value", "expected"), [("0", 0), ("1402", 1402), ("1,402", 1402), (7, 7)])
def test_count_accepts_whole_numbers(value: Any, expected: int) -> None:
    assert check(Count, value) == expected


@pytest.mark.parametrize("value", ["-1", "1.5", "1,40", "four", "1 402", "12,3456"])
def test_count_rejects_negative_fractional_and_words(value: str) -> None:
    assert rule_of(Count, value) == "count"


@pytest.mark.parametrize(
    ("value", "expected"), [("11000", "11000"), ("2.5", "2.5"), ("11,000", "11000")]
)
def test_quantity_is_exact_decimal(value: str, expected: str) -> None:
    result = check(Quantity, value)
    assert isinstance(result, Decimal)
    assert result == Decimal(expected)


@pytest.mark.parametrize("value", ["-3", "NaN", "Infinity", "lots", 2.5])
def test_quantity_rejects_negative_nonfinite_and_floats(value: Any) -> None:
    assert rule_of(Quantity, value) == "quantity"


@pytest.mark.parametrize("value", ["kr-2024", "a", "x1-y2-z3"])
def test_slug_accepts_lowercase_hyphenated(value: str) -> None:
    assert check(Slug, value) == value


@pytest.mark.parametrize("value", ["KR-2024", "a b", "a--b", "-a", "a_b", "ä"])
def test_slug_rejects_others(value: str) -> None:
    assert rule_of(Slug, value) == "slug"


def test_semicolon_list_splits_and_trims() -> None:
    assert check(SemicolonList, "A; B ;; C") == ["A", "B", "C"]
    assert check(SemicolonList, "") == []


def test_vocabularies_accept_case_variants_and_reject_others() -> None:
    assert check(EntityTypeName, "Vessel") == "vessel"
    assert check(QualifierName, "MORE_THAN") == "more_than"
    assert check(WeekdayName, "wednesday") == "Wednesday"
    assert check(AuthorityKindName, "Ministry") == "ministry"
    for annotation, value in [
        (EntityTypeName, "ship"),
        (QualifierName, "roughly"),
        (WeekdayName, "Wed"),
        (AuthorityKindName, "club"),
    ]:
        assert rule_of(annotation, value) == "vocabulary"


def test_url_and_language() -> None:
    assert check(Url, "https://example.org/a") == "https://example.org/a"
    assert rule_of(Url, "example.org") == "url"
    assert check(Language, "EN") == "en"
    assert rule_of(Language, "xx") == "language"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("1960", "1960"),
        ("1960-01", "1960-01"),
        ("1960-01-15", "1960-01-15"),
        ("1960-01-15T10:00:00", "1960-01-15"),
        ("01 Jan 1960", "1960-01-01"),
        ("Jan 1960", "1960-01"),
        ("January 1960", "1960-01"),
        ("15/08/1960", "1960-08-15"),
        ("15.08.1960", "1960-08-15"),
        ("1960-02-30", None),
        ("1960-13", None),
        ("circa 1960", None),
        ("1958..1960", None),
        ("", None),
    ],
)
def test_a_list_date_keeps_its_precision_and_refuses_what_is_no_date(
    text: str, iso: str | None
) -> None:
    assert list_date(text) == iso
