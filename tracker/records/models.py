"""The record types: the single source of truth for files, fields, types and descriptions.

CSV headers, JSON Schemas and Excel column headers all derive from these classes, so a new field
is one edit here. ``FILE`` names the CSV a type lives in; ``REFS`` names the ``*_id`` fields that
must resolve to an id of another type.

They are pydantic dataclasses with slots rather than BaseModels: a million designations take a
seventh of the memory (no per-instance ``__dict__`` or fields-set) and validate faster.
"""

from __future__ import annotations

from dataclasses import dataclass as plain_dataclass
from types import UnionType
from typing import Annotated, Any, ClassVar, Union, get_args, get_origin

from pydantic import ConfigDict, Field, TypeAdapter
from pydantic.dataclasses import dataclass
from pydantic.fields import FieldInfo

from tracker.values import (
    AuthorityKindName,
    Count,
    Country,
    DateBasisName,
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
)

record = dataclass(slots=True, kw_only=True, config=ConfigDict(extra="forbid"))


@record
class Record:
    """Common base: every record has a slug id unique within its file."""

    FILE: ClassVar[str]
    SHEET: ClassVar[str]  # its sheet in a workbook (the report, the template)
    REFS: ClassVar[dict[str, type[Record]]] = {}
    OPTIONAL: ClassVar[bool] = False  # a file added later: a dataset without it is still whole

    id: Slug = Field(
        description="Identifier: a lowercase slug, unique within its file.",
        examples=["kr-sanctions-2024-06"],
    )

    def cells(self) -> dict[str, str]:
        """The record as CSV cells: empty for missing, lists joined with ``; ``."""
        out = {}
        for name, value in adapter(type(self)).dump_python(self, mode="json").items():
            if value is None:
                out[name] = ""
            elif isinstance(value, list):
                out[name] = "; ".join(value)
            else:
                out[name] = str(value)
        return out


@record
class Cited(Record):
    """A fact-bearing record: it names its source and quotes it verbatim."""

    source_id: Slug = Field(
        description="The `sources.csv` id of the text this fact comes from.",
        examples=["kr-consider-weapons"],
    )
    quote: str = Field(
        min_length=1,
        description="The source's own words for this fact, copied verbatim (spacing may differ).",
        examples=["South Korea imposed sanctions on four Russian ships"],
    )


@record
class Source(Record):
    """A text the dataset quotes, kept under `data/sources/`."""

    FILE = "sources.csv"
    SHEET = "Sources"

    file: str = Field(
        description="File name of the source text under `data/sources/`.",
        examples=["001_3e04a615d9bce51f.txt"],
    )
    publisher: str | None = Field(
        None, description="Who published the text, where it says so.", examples=["Yonhap"]
    )
    title: str = Field(
        description="The text's headline or title.",
        examples=["South Korea to consider supplying weapons to Ukraine"],
    )
    published: PartialDate | None = Field(
        None, description="Publication date, where stated.", examples=["2024-06-20"]
    )
    url: Url | None = Field(
        None,
        description="Web address of the original, where known.",
        examples=["https://example.org/article"],
    )
    language: Language | None = Field(
        None, description="ISO 639-1 language code, e.g. en.", examples=["en"]
    )


@record
class Authority(Cited):
    """A government, ministry, agency or intergovernmental body that acts or speaks."""

    FILE = "authorities.csv"
    SHEET = "Authorities"

    name: str = Field(
        description="The authority's name as the source gives it.", examples=["Chang Ho-jin"]
    )
    country: Country | None = Field(
        None,
        description="ISO 3166-1 alpha-2 country; empty for bodies such as the UN.",
        examples=["KR"],
    )
    kind: AuthorityKindName = Field(
        description="government, ministry, agency or intergovernmental.", examples=["ministry"]
    )


@record
class Action(Cited):
    """A sanctions action as announced, with the counts the announcement states."""

    FILE = "actions.csv"
    SHEET = "Actions"

    authority_id: Slug = Field(
        description="The `authorities.csv` id of who took the action.", examples=["kr-government"]
    )
    announced_on: PartialDate | None = Field(
        None, description="Date the action was announced.", examples=["2024-06-20"]
    )
    target_country: Country | None = Field(
        None, description="Country the action is aimed at.", examples=["RU"]
    )
    program: str | None = Field(
        None, description="Sanctions program or regime, where named.", examples=["RUSSIA-EO14024"]
    )
    summary: str = Field(
        description="One line on what the action does.",
        examples=["Sanctions on Russian ships and organizations"],
    )
    stated_vessels: Count | None = Field(
        None, description="Vessels the announcement counts.", examples=[4]
    )
    stated_organizations: Count | None = Field(
        None, description="Organizations (entities) the announcement counts.", examples=[5]
    )
    stated_persons: Count | None = Field(
        None, description="Individuals the announcement counts.", examples=[8]
    )
    stated_total: Count | None = Field(
        None,
        description="Total parties the announcement states, where it states one.",
        examples=[17],
    )
    list_source: str | None = Field(
        None,
        description="The official list the parties should appear on (a `tracker import` "
        "source, e.g. ofac-sdn), for the action-vs-list rule.",
        examples=["ofac-sdn"],
    )
    list_programs: SemicolonList = Field(
        default_factory=list,
        description="Programs on that list the parties come under (e.g. DPRK3); empty: any.",
        examples=["DPRK3; DPRK4"],
    )
    list_from: PartialDate | None = Field(
        None,
        description="Start of the window in which the list should show the parties.",
        examples=["2024-06"],
    )
    list_to: PartialDate | None = Field(
        None,
        description="End of that window (snapshots imported up to this date count).",
        examples=["2024-12-31"],
    )


@record
class Designation(Cited):
    """One designated party of an action, itemized."""

    FILE = "designations.csv"
    SHEET = "Designations"

    action_id: Slug = Field(
        description="The `actions.csv` id this designation belongs to.",
        examples=["kr-sanctions-2024-06"],
    )
    entity_type: EntityTypeName = Field(
        description="person, organization or vessel.", examples=["vessel"]
    )
    name: str = Field(
        description="The party's name as the source gives it.", examples=["OCEAN STAR"]
    )
    aliases: SemicolonList = Field(
        default_factory=list,
        description="Other names, separated by `;`.",
        examples=["OCEAN STAR 1; STAR OCEAN"],
    )
    country: Country | None = Field(
        None, description="ISO 3166-1 alpha-2 country of the party.", examples=["KR"]
    )
    imo: Imo | None = Field(
        None, description="IMO ship number (vessels), 7 digits.", examples=["9074729"]
    )
    flag: Country | None = Field(
        None, description="Flag state of a vessel, alpha-2.", examples=["RU"]
    )
    listed_on: PartialDate | None = Field(
        None, description="Date the party was listed.", examples=["2024-06-20"]
    )


@record
class ControlList(Cited):
    """An export-control list: the goods one authority controls for one destination."""

    FILE = "control_lists.csv"
    SHEET = "Control lists"

    authority_id: Slug = Field(
        description="The `authorities.csv` id that keeps the list.", examples=["kr-government"]
    )
    name: str = Field(
        description="The list's name.", examples=["South Korea's export controls on Russia"]
    )
    target_country: Country | None = Field(
        None, description="Destination the controls apply to.", examples=["RU"]
    )
    unit: str = Field(description="What the list counts, e.g. items.", examples=["items"])


@record
class ControlListRevision(Cited):
    """One change to an export-control list's size, as announced."""

    FILE = "control_list_revisions.csv"
    SHEET = "Export controls"

    list_id: Slug = Field(
        description="The `control_lists.csv` id revised.", examples=["kr-export-controls-russia"]
    )
    announced_on: PartialDate | None = Field(
        None, description="Date the revision was announced.", examples=["2024-06-20"]
    )
    effective_on: PartialDate | None = Field(
        None, description="Date the revision takes effect.", examples=["2024-07-01"]
    )
    previous_count: Count | None = Field(
        None, description="List size before the revision.", examples=[1159]
    )
    added: Count | None = Field(None, description="Entries the revision adds.", examples=[243])
    removed: Count | None = Field(
        None,
        description="Entries the revision removes; empty when none are stated.",
        examples=[0],
    )
    new_count: Count | None = Field(
        None, description="List size after the revision.", examples=[1402]
    )

    def computed_new_count(self) -> int | None:
        """previous_count + added - removed (a missing removed is 0), when it can be computed."""
        if self.previous_count is None or self.added is None or self.new_count is None:
            return None
        return self.previous_count + self.added - (self.removed or 0)


@record
class ControlItem(Cited):
    """One itemized entry of an export-control list."""

    FILE = "control_items.csv"
    SHEET = "Control items"

    list_id: Slug = Field(
        description="The `control_lists.csv` id the item is on.",
        examples=["kr-export-controls-russia"],
    )
    revision_id: Slug | None = Field(
        None,
        description="The `control_list_revisions.csv` id that added it.",
        examples=["kr-export-controls-plus-243"],
    )
    code: str = Field(description="The item's code, e.g. an HS code.", examples=["8471.30"])
    code_system: str | None = Field(
        None, description="The code's system, e.g. HS.", examples=["HS"]
    )
    description: str | None = Field(
        None, description="What the item is.", examples=["Portable computers"]
    )
    removed_in: Slug | None = Field(
        None,
        description="The `control_list_revisions.csv` id that removed it, if any.",
        examples=["kr-export-controls-minus-12"],
    )


@record
class Claim(Cited):
    """A quantitative claim: who says how many of what, since and as of when."""

    FILE = "claims.csv"
    SHEET = "Claims"

    claimant: str = Field(
        description="Who makes the claim, as the source names them.", examples=["White House"]
    )
    subject: str = Field(
        description="What is counted; claims with the same subject are compared.",
        examples=["containers shipped from North Korea to Russia"],
    )
    quantity: Quantity | None = Field(
        None,
        description="The number claimed; empty for a vague magnitude ('dozens', 'thousands').",
        examples=["11000"],
    )
    unit: str = Field(
        description="What one of the quantity is, e.g. containers.", examples=["items"]
    )
    qualifier: QualifierName = Field(
        description="exact, more_than, at_least, about, at_most; or a vague magnitude without a "
        "quantity: several, dozens, hundreds, thousands, hundreds_of_millions, billions.",
        examples=["more_than"],
    )
    since: PartialDate | None = Field(
        None, description="Start of the period the claim covers.", examples=["2023-09"]
    )
    as_of: PartialDate | None = Field(
        None, description="Date the claim speaks for.", examples=["2024-06"]
    )


@record
class Event(Cited):
    """A dated event, with the weekday its source states."""

    FILE = "events.csv"
    SHEET = "Events"

    description: str = Field(
        description="What happened.",
        examples=["Putin and Kim sign a comprehensive strategic partnership agreement"],
    )
    on: PartialDate | None = Field(None, description="Date of the event.", examples=["2024-06-19"])
    stated_weekday: WeekdayName | None = Field(
        None,
        description="Weekday the source gives for the event, e.g. Wednesday.",
        examples=["Wednesday"],
    )
    place: str | None = Field(None, description="Where it happened.", examples=["Pyongyang"])
    date_basis: DateBasisName | None = Field(
        None,
        description="How `on` was had: stated (the source gives the date) or resolved (from "
        "a weekday or 'a day after', by the dating rule in the README).",
        examples=["resolved"],
    )


@record
class Official(Cited):
    """A person as a source names them, with the role it gives them."""

    FILE = "officials.csv"
    SHEET = "Officials"

    name: str = Field(
        description="The person's name exactly as the source spells it.", examples=["Chang Ho-jin"]
    )
    role: str = Field(
        description="Their role in the tracker's words, e.g. national security adviser.",
        examples=["national security adviser"],
    )
    organization: str | None = Field(
        None,
        description="The organization they hold the role in.",
        examples=["Office of National Security"],
    )
    country: Country | None = Field(
        None, description="Country of the role, alpha-2.", examples=["KR"]
    )


@record
class Statement(Cited):
    """What someone said, as the source reports it: who, when, and what, in the tracker's words
    (the quote holds the source's)."""

    FILE = "statements.csv"
    SHEET = "Statements"
    OPTIONAL = True

    speaker: str = Field(
        description="Who spoke, as the source names them.", examples=["Antony Blinken"]
    )
    official_id: Slug | None = Field(
        None,
        description="The `officials.csv` id of the speaker, when recorded.",
        examples=["blinken-002"],
    )
    said: str = Field(
        description="What was said, in the tracker's words.",
        examples=["The Russia-North Korea treaty is a serious threat"],
    )
    on: PartialDate | None = Field(
        None, description="Date of the statement.", examples=["2024-06-20"]
    )
    date_basis: DateBasisName | None = Field(
        None,
        description="How `on` was had: stated or resolved (the dating rule in the README).",
        examples=["resolved"],
    )


@record
class Agreement(Cited):
    """A treaty or agreement the sources report, with its parties and the clauses they state."""

    FILE = "agreements.csv"
    SHEET = "Agreements"
    OPTIONAL = True

    name: str = Field(
        description="The agreement's name as the source gives it.",
        examples=["comprehensive strategic partnership agreement"],
    )
    parties: SemicolonList = Field(
        default_factory=list,
        description="The parties, ISO 3166-1 alpha-2, separated by `;`.",
        examples=["RU; KP"],
    )
    signed_on: PartialDate | None = Field(
        None, description="Date of signing.", examples=["2024-06-19"]
    )
    place: str | None = Field(None, description="Where it was signed.", examples=["Pyongyang"])
    clauses: str | None = Field(
        None,
        description="What it provides, as the source states it.",
        examples=["immediate military assistance if either party is attacked"],
    )


Authority.REFS = {"source_id": Source}
Action.REFS = {"source_id": Source, "authority_id": Authority}
Designation.REFS = {"source_id": Source, "action_id": Action}
ControlList.REFS = {"source_id": Source, "authority_id": Authority}
ControlListRevision.REFS = {"source_id": Source, "list_id": ControlList}
ControlItem.REFS = {
    "source_id": Source,
    "list_id": ControlList,
    "revision_id": ControlListRevision,
    "removed_in": ControlListRevision,
}
Claim.REFS = {"source_id": Source}
Event.REFS = {"source_id": Source}
Official.REFS = {"source_id": Source}
Statement.REFS = {"source_id": Source, "official_id": Official}
Agreement.REFS = {"source_id": Source}

RECORD_TYPES: tuple[type[Record], ...] = (
    Source,
    Authority,
    Action,
    Designation,
    ControlList,
    ControlListRevision,
    ControlItem,
    Claim,
    Event,
    Official,
    Statement,
    Agreement,
)

COUNT_FIELDS: dict[type[Cited], tuple[str, ...]] = {
    Action: ("stated_vessels", "stated_organizations", "stated_persons", "stated_total"),
    ControlListRevision: ("previous_count", "added", "removed", "new_count"),
    Claim: ("quantity",),
}


@plain_dataclass(frozen=True)
class StatedType:
    """An entity type an action counts: ``stated_vessels`` counts ``vessel`` designations."""

    entity_type: str  # vessel
    plural: str  # vessels

    @property
    def field(self) -> str:
        return f"stated_{self.plural}"


STATED_TYPES = tuple(StatedType(t, f"{t}s") for t in ("vessel", "organization", "person"))


def fields(record_type: type[Record]) -> dict[str, FieldInfo]:
    """Field name -> pydantic FieldInfo (type, description, default), in model order."""
    result: dict[str, FieldInfo] = record_type.__pydantic_fields__  # type: ignore[attr-defined]
    return result


def field_type(record_type: type[Record], name: str) -> Any:
    """The value type of a field under Optional and Annotated: int for ``Count | None``,
    PartialDate, Decimal, list for ``;`` lists, an enum class, or str."""
    annotation = fields(record_type)[name].annotation
    while get_origin(annotation) in (Annotated, Union, UnionType):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    return get_origin(annotation) or annotation


def columns(record_type: type[Record]) -> list[str]:
    """The CSV header of a record type, in model order."""
    return list(fields(record_type))


def required_columns(record_type: type[Record]) -> set[str]:
    return {name for name, field in fields(record_type).items() if field.is_required()}


_ADAPTERS: dict[str, TypeAdapter[Any]] = {}


def adapter(record_type: type[Record]) -> TypeAdapter[Any]:
    """One TypeAdapter per record type, built on first use (building one is slow)."""
    if record_type.FILE not in _ADAPTERS:
        _ADAPTERS[record_type.FILE] = TypeAdapter(record_type)
    return _ADAPTERS[record_type.FILE]
