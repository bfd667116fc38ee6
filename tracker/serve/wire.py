"""The request and response shapes of the API, as yente defines them (``yente/data/common.py``)
so that yente's clients read them; each of our additions is a field yente does not send, which
its clients ignore (``band``, ``sentence``, ``decision``, ``cleared``, ``algorithm``, the
snapshot of each dataset). One model per shape: the OpenAPI document is generated from them."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Shape(BaseModel):
    model_config = ConfigDict(populate_by_name=True)


# --- entities ------------------------------------------------------------------------------------


class EntityResponse(Shape):
    """A list entry as a FollowTheMoney entity (with its Sanction nested under ``sanctions``)."""

    id: str = Field(description="The entity id, as `tracker export --format ftm` writes it.")
    caption: str = Field(description="The entry's name.")
    schema_: str = Field(alias="schema", description="Person, Organization, Vessel, Airplane...")
    properties: dict[str, list[str | EntityResponse]] = Field(
        description="FtM properties; `sanctions` holds the entry's Sanction entity."
    )
    datasets: list[str] = Field(default_factory=list, description="The list (source) it is on.")
    referents: list[str] = Field(default_factory=list, description="Always empty: no merging.")
    target: bool = Field(False, description="True: the entry is a sanctions target.")
    first_seen: str | None = Field(None, description="The list date it first appeared on.")
    last_seen: str | None = Field(None, description="The list date of the latest snapshot.")
    last_change: str | None = Field(None, description="The list date it last changed on.")


class FeatureResult(Shape):
    """One feature of a score, as nomenklatura explains it; ``weight`` is ours."""

    detail: str | None = Field(description="Why, in words.")
    score: float = Field(description="The feature's score.")
    query: str | None = Field(None, description="The query's value the feature used.")
    candidate: str | None = Field(None, description="The entry's value the feature used.")
    weight: float | None = Field(None, description="Its weight in the score (ours).")


class ScoredEntityResponse(EntityResponse):
    score: float = Field(description="0 to 1.")
    match: bool = Field(description="True when the score is at or above the request's threshold.")
    explanations: dict[str, FeatureResult] = Field(description="The score's features, by name.")
    band: str = Field(description="Ours: match (from 0.90), review (from 0.70), or none.")
    sentence: str = Field(description="Ours: the explanation in one sentence.")
    matched_name: str = Field(description="Ours: the entry's name or alias that matched best.")
    decision: str | None = Field(None, description="Ours: an earlier decision on this hit.")


class TotalSpec(Shape):
    value: int
    relation: str = "eq"


class SearchFacetItem(Shape):
    name: str
    label: str
    count: int = 1


class SearchFacet(Shape):
    label: str
    values: list[SearchFacetItem]


class SearchResponse(Shape):
    limit: int
    offset: int = 0
    total: TotalSpec
    results: list[EntityResponse]
    facets: dict[str, SearchFacet]


# --- matching ------------------------------------------------------------------------------------


class EntityExample(Shape):
    """A query: an entity written like those the API returns."""

    id: str | None = Field(None, max_length=200, description="Ties decisions to the query.")
    schema_: str = Field(alias="schema", max_length=100, examples=["Person"])
    properties: dict[str, str | list[Any]] = Field(examples=[{"name": ["John Doe"]}])


class EntityMatchQuery(Shape):
    weights: dict[str, float] = Field(
        default_factory=dict, description="Accepted and ignored: our weights are versioned."
    )
    config: dict[str, str | int | float | bool | None] = Field(
        default_factory=dict, description="Our algorithm takes no configuration: must be empty."
    )
    queries: dict[str, EntityExample]


class Cleared(Shape):
    """Ours: a hit an earlier decision cleared, left out of ``results``."""

    id: str
    dataset: str
    entry_id: str
    decision: str


class EntityMatches(Shape):
    status: int = 200
    results: list[ScoredEntityResponse]
    total: TotalSpec
    query: EntityExample
    cleared: list[Cleared] = Field(default_factory=list, description="Ours.")


class EntityMatchResponse(Shape):
    responses: dict[str, EntityMatches]
    limit: int
    algorithm: str = Field(description="Ours: the algorithm that scored, with its version.")


# --- the catalogue and the algorithms ------------------------------------------------------------


class DatasetModel(Shape):
    """A list (one per source) or ``default`` (all of them), with its snapshot's dates."""

    name: str
    title: str
    summary: str | None = None
    url: str | None = None
    version: str = Field(description="The snapshot's list date and id, e.g. 20260907-4.")
    updated_at: str | None = Field(None, description="The list's own date.")
    last_export: str | None = None
    entity_count: int | None = None
    load: bool = True
    index_version: str | None = None
    index_current: bool = True
    children: list[str] = Field(default_factory=list)
    snapshot: int | None = Field(None, description="Ours: the snapshot id in the store.")
    as_of: str | None = Field(None, description="Ours: the date it was imported as of.")
    published: str | None = Field(None, description="Ours: the date the list states.")


class DataCatalogModel(Shape):
    datasets: list[DatasetModel]
    current: list[str]
    outdated: list[str]
    index_stale: bool = False


class FeatureDoc(Shape):
    description: str | None
    coefficient: float
    url: str


class ConfigVar(Shape):
    type: str = "float"
    description: str | None = None
    default: str | int | float | bool | None = 0


class AlgorithmDocs(Shape):
    name: str
    description: str | None = None
    config: dict[str, ConfigVar]
    features: dict[str, FeatureDoc]


class Algorithm(Shape):
    name: str
    description: str | None = None
    features: dict[str, FeatureDoc]
    docs: AlgorithmDocs
    version: int = Field(description="Ours.")
    thresholds: dict[str, float] = Field(description="Ours: match and review.")


class AlgorithmResponse(Shape):
    algorithms: list[Algorithm]
    default: str
    best: str


class StatusResponse(Shape):
    status: str = "ok"


# --- ours: decisions and monitoring --------------------------------------------------------------


class DecisionRequest(Shape):
    """A decision on one hit: cleared (a false positive) or confirmed."""

    model_config = ConfigDict(extra="forbid")

    query: str = Field(min_length=1, max_length=300, description="The query id (or name).")
    dataset: str = Field(min_length=1, max_length=100, description="The source of the entry.")
    entry_id: str = Field(min_length=1, max_length=200, description="The entry id on its list.")
    decision: str = Field(pattern="^(cleared|confirmed)$")
    note: str = Field("", max_length=2000)


class DecisionResponse(Shape):
    id: int
    query: str
    source: str
    entry_id: str
    decision: str
    who: str
    when: str
    decided_at: str
    snapshot: int | None
    note: str


class WatchChange(Shape):
    query: str
    query_name: str
    dataset: str
    entry_id: str
    entry_name: str
    score: float
    band: str
    change: str = Field(description="new hit, entry changed, or cleared reopened")
    sentence: str


class WatchChanges(Shape):
    name: str
    run: int | None
    ran_at: str | None
    snapshots: list[str]
    changes: list[WatchChange]


EntityResponse.model_rebuild()
