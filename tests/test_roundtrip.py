"""Property: valid records written to CSV load back equal."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import write_dataset
from tracker.records.load import load_dataset
from tracker.records.models import Claim, ControlListRevision, Designation, Event, Official, columns
from tracker.records.tables import write_csv
from tracker.values import EntityType, Qualifier, Weekday, imo_ship_check_digit

slugs = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z")
text = (
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
plain = text.filter(lambda s: ";" not in s)
optional_text = st.none() | text
counts = st.none() | st.integers(min_value=0, max_value=10**9)
dates = st.dates(min_value=dt.date(1000, 1, 1)).map(lambda d: d.isoformat()) | st.integers(
    1900, 2100
).map(str)
countries = st.sampled_from(["KR", "KP", "RU", "US", "JP", "CN"])
imos = st.integers(100000, 999999).map(lambda n: f"{n}{imo_ship_check_digit(str(n))}")
quantities = st.decimals(
    min_value=0, max_value=10**12, allow_nan=False, allow_infinity=False, places=3
)
quotes = (
    st.text(
        alphabet=st.characters(
            codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"), include_characters='\n",'
        ),
        min_size=1,
        max_size=60,
    )
    .map(str.strip)
    .filter(bool)
)
cite = {"source_id": st.just("src"), "quote": quotes}

designations = st.builds(
    Designation,
    id=slugs,
    action_id=st.just("act"),
    entity_type=st.sampled_from(EntityType),
    name=text,
    aliases=st.lists(plain, max_size=3),
    country=st.none() | countries,
    imo=st.none() | imos,
    flag=st.none() | countries,
    listed_on=st.none() | dates,
    **cite,
)
claims = st.builds(
    Claim,
    id=slugs,
    claimant=text,
    subject=text,
    quantity=st.none() | quantities,
    unit=text,
    qualifier=st.sampled_from(Qualifier),
    since=st.none() | dates,
    as_of=st.none() | dates,
    **cite,
)
revisions = st.builds(
    ControlListRevision,
    id=slugs,
    list_id=st.just("list"),
    announced_on=st.none() | dates,
    effective_on=st.none() | dates,
    previous_count=counts,
    added=counts,
    removed=counts,
    new_count=counts,
    **cite,
)
events = st.builds(
    Event,
    id=slugs,
    description=text,
    on=st.none() | dates,
    stated_weekday=st.none() | st.sampled_from(Weekday),
    place=optional_text,
    **cite,
)
officials = st.builds(
    Official,
    id=slugs,
    name=text,
    role=text,
    organization=optional_text,
    country=st.none() | countries,
    **cite,
)


def unique_ids(records: list[object]) -> bool:
    ids = [r.id for r in records]  # type: ignore[attr-defined]
    return len(ids) == len(set(ids))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(designations, max_size=4).filter(unique_ids),
    st.lists(claims, max_size=4).filter(unique_ids),
    st.lists(revisions, max_size=4).filter(unique_ids),
    st.lists(events, max_size=4).filter(unique_ids),
    st.lists(officials, max_size=4).filter(unique_ids),
)
def test_write_then_load_gives_the_records_back(
    designations: list[Designation],
    claims: list[Claim],
    revisions: list[ControlListRevision],
    events: list[Event],
    officials: list[Official],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        directory = write_dataset(Path(tmp))
        for records, record_type in [
            (designations, Designation),
            (claims, Claim),
            (revisions, ControlListRevision),
            (events, Event),
            (officials, Official),
        ]:
            write_csv(
                directory / record_type.FILE, columns(record_type), (r.cells() for r in records)
            )
        dataset = load_dataset(directory)
        assert list(dataset.problems) == []
        assert dataset.table(Designation).records == designations
        assert dataset.table(Claim).records == claims
        assert dataset.table(ControlListRevision).records == revisions
        assert dataset.table(Event).records == events
        assert dataset.table(Official).records == officials
