"""A yente query (an FtM entity "example": schema and properties) as a screening query.

The schema gives the type; ``name`` (else the name parts, as yente combines them) the name,
``alias``, ``previousName``, ``weakAlias`` and ``abbreviation`` the aliases; the first
``birthDate``, the first country-like property, ``imoNumber`` and the first identifier give the
rest. Values are checked by the same functions as `tracker screen`'s query files, so a value the
command refuses is refused here (400) with the property it came from. Properties the score does
not use are accepted and left out of the echoed query, as yente leaves out those it cannot read.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tracker.problems import Location
from tracker.screening.queries import query_of, value_problems
from tracker.screening.score import Query
from tracker.serve.limits import NAME_LIMIT, Refused, text_fault
from tracker.serve.wire import EntityExample

SCHEMA_TYPES: dict[str, str | None] = {
    "Person": "person",
    "Organization": "organization",
    "Company": "organization",
    "PublicBody": "organization",
    "Vessel": "vessel",
    "Airplane": "aircraft",
    "LegalEntity": None,  # a person or an organization
    "Thing": None,  # yente's base schema: anything
}
# FtM's other matchable schemata: the lists hold none of them
NOT_ON_LISTS = frozenset(
    {"Address", "BankAccount", "CryptoWallet", "Position", "Security", "UserAccount", "Vehicle"}
)
NAMES = ("name",)
ALIASES = ("alias", "previousName", "weakAlias", "abbreviation")
NAME_PARTS = ("firstName", "secondName", "middleName", "fatherName", "lastName")
BIRTH_DATES = ("birthDate",)
COUNTRIES = ("nationality", "citizenship", "country", "jurisdiction", "mainCountry", "flag")
IMOS = ("imoNumber",)
IDENTIFIERS = (
    "idNumber", "registrationNumber", "passportNumber", "taxNumber", "innCode", "ogrnCode",
    "okpoCode", "leiCode", "swiftBic", "vatCode", "dunsCode", "uniqueEntityId", "npiCode",
    "mmsi", "callSign", "registrationNumber",
)  # fmt: skip
USED = frozenset((*NAMES, *ALIASES, *NAME_PARTS, *BIRTH_DATES, *COUNTRIES, *IMOS, *IDENTIFIERS))
VALUES_LIMIT = 50  # values of one property


def values_of(key: str, prop: str, raw: Any) -> list[str]:
    """A property's values as texts (yente takes one text or a list of them)."""
    items = raw if isinstance(raw, list) else [raw]
    if len(items) > VALUES_LIMIT:
        raise Refused(
            400,
            "bad-query",
            f"queries.{key}.properties.{prop}: {len(items):,} values; at most {VALUES_LIMIT}",
        )
    texts = []
    for item in items:
        if not isinstance(item, str | int):
            raise Refused(400, "bad-query", f"queries.{key}.properties.{prop}: values are texts")
        text = str(item).strip()
        if fault := text_fault(f"queries.{key}.properties.{prop}", text, NAME_LIMIT):
            raise Refused(400, "bad-query", fault)
        if text:
            texts.append(text)
    return texts


def query_from(key: str, example: EntityExample) -> tuple[Query, EntityExample]:
    """The screening query of one example, and the example as it was read (the echo)."""
    if example.schema_ in NOT_ON_LISTS:
        raise Refused(
            400,
            "bad-schema",
            f"queries.{key}: schema {example.schema_} is not one the lists hold (Person, "
            "Organization, Company, PublicBody, LegalEntity, Vessel, Airplane)",
        )
    if example.schema_ not in SCHEMA_TYPES:
        raise Refused(400, "bad-schema", f"queries.{key}: unknown schema {example.schema_!r}")
    props = {p: values_of(key, p, v) for p, v in example.properties.items() if p in USED}

    def first(names: tuple[str, ...]) -> str:
        return next((v for p in names for v in props.get(p, [])), "")

    names = [v for p in NAMES for v in props.get(p, [])]
    if not names and example.schema_ in ("Person", "LegalEntity", "Thing"):
        parts = [first((p,)) for p in NAME_PARTS]
        names = [" ".join(p for p in parts if p)] if any(parts) else []
    aliases = [*names[1:], *(v for p in ALIASES for v in props.get(p, []))]
    values = {
        "id": example.id or (names[0] if names else key),
        "name": names[0] if names else "",
        "type": SCHEMA_TYPES[example.schema_] or "",
        "birth_date": first(BIRTH_DATES),
        "country": first(COUNTRIES),
        "imo": first(IMOS),
        "id_number": first(IDENTIFIERS),
    }
    errors = [
        {"location": f"queries.{key}.{problem.field}", "message": problem.message}
        for problem in value_problems(values, lambda f: Location("", None, f))
    ]
    if errors:
        detail = "; ".join(f"{e['location']}: {e['message']}" for e in errors)
        raise Refused(400, "bad-query", detail, errors)
    query = replace(query_of(values), aliases=tuple(aliases))
    echo = EntityExample(
        id=example.id,
        schema_=example.schema_,
        properties={p: v for p, v in props.items() if v},
    )
    return query, echo
