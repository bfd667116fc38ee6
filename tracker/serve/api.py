"""The yente endpoints (same paths, parameters and shapes: ``/match/{dataset}``,
``/search/{dataset}``, ``/entities/{id}``, ``/catalog``, ``/algorithms``, ``/healthz``,
``/readyz``) and ours (``/decisions``, ``/watch/{name}/changes``), over the screening
library. Routes are plain functions: FastAPI runs them on its worker threads, each with its
own store connection."""

from __future__ import annotations

import io
import logging
import math
import time
from collections import Counter
from typing import Annotated, Any

import pycountry
from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse

from tracker.ftm.entries import entity_id
from tracker.lists.store import Snapshot, Store
from tracker.screening.results import Hit, Screening
from tracker.screening.score import ALGORITHM_ID
from tracker.serve import catalog as cat
from tracker.serve import decide, entities, watch
from tracker.serve.auth import NOBODY, Caller, caller_of, key_of
from tracker.serve.examples import query_from
from tracker.serve.limits import Refused, text_fault
from tracker.serve.runs import screen
from tracker.serve.runs import served as served_snapshots
from tracker.serve.state import Served
from tracker.serve.wire import (
    AlgorithmResponse,
    Cleared,
    DataCatalogModel,
    DecisionRequest,
    DecisionResponse,
    EntityExample,
    EntityMatches,
    EntityMatchQuery,
    EntityMatchResponse,
    EntityResponse,
    FeatureResult,
    ScoredEntityResponse,
    SearchFacet,
    SearchFacetItem,
    SearchResponse,
    StatusResponse,
    TotalSpec,
    WatchChanges,
)

log = logging.getLogger("tracker.serve")
router = APIRouter()
MATCH_PAGE = 5  # yente's default results per match query
MAX_MATCHES = 500
SEARCH_PAGE, MAX_PAGE = 10, 500
SEARCH_FLOOR = 0.5  # a search lists entries scoring at least this against its text
SCORE_THRESHOLD = 0.70  # yente's default threshold and cutoff
TS_PATTERN = r"^\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?$"
CHALLENGE = {"WWW-Authenticate": 'ApiKey realm="tracker"'}
# the schemata a search for each schema returns (FtM's hierarchy, over the schemata the
# lists' entries take; an organization of a list is never said to be a company)
ORGANIZATIONS = frozenset({"Organization", "Company", "PublicBody"})
SEARCHED = {
    "Thing": None,
    "LegalEntity": frozenset({"LegalEntity", "Person", *ORGANIZATIONS}),
    "Person": frozenset({"Person"}),
    "Organization": ORGANIZATIONS,
    "Company": ORGANIZATIONS,
    "PublicBody": ORGANIZATIONS,
    "Vessel": frozenset({"Vessel"}),
    "Airplane": frozenset({"Airplane"}),
}


def served(request: Request) -> Served:
    state: Served = request.app.state.served
    return state


ServedDep = Annotated[Served, Depends(served)]


def caller(request: Request, state: ServedDep) -> Caller:
    """The key's caller: none needed while the store holds no key."""
    key = key_of(request.headers.get("authorization"))
    with state.reader() as store:
        found = caller_of(store, key)
        needed = found is NOBODY and bool(store.api_keys())
    if found is None:
        raise Refused(401, "bad-key", "this API key is not one the server knows", None, CHALLENGE)
    if needed:
        raise Refused(
            401,
            "key-needed",
            "this server needs an API key: Authorization: ApiKey KEY",
            None,
            CHALLENGE,
        )
    return found


def decider(who: Annotated[Caller, Depends(caller)]) -> Caller:
    """Decisions need a key with the decide role, always."""
    if who.name is None:
        raise Refused(
            401, "key-needed", "a decision needs an API key (role decide)", None, CHALLENGE
        )
    if not who.can_decide:
        raise Refused(403, "read-only-key", f"the key {who.name!r} may read, not decide")
    return who


CallerDep = Annotated[Caller, Depends(caller)]
DeciderDep = Annotated[Caller, Depends(decider)]


def latest_of(store: Store) -> dict[str, Snapshot]:
    """The snapshot served of each list (see ``runs.served``)."""
    return served_snapshots(store)


def finite(value: float, name: str) -> float:
    if not math.isfinite(value) or not 0 <= value <= 1:
        raise Refused(400, "bad-parameter", f"{name} is a number from 0 to 1")
    return value


# --- hits as yente's scored entities -------------------------------------------------------------


def explanations(hit: Hit) -> dict[str, FeatureResult]:
    query = hit.query
    found = {}
    for f in hit.scored.features:
        said_query = said_candidate = None
        if f.name == "name":
            said_candidate = hit.scored.matched_name
        elif f.name in ("identifier", "identifier_conflict"):
            said_query = query.imo or query.id_number
            said_candidate = hit.candidate.imo
        elif f.name == "birth_date":
            said_query = query.birth_date
        elif f.name == "country":
            said_query = query.country
        found[f.name] = FeatureResult(
            detail=f.detail,
            score=f.score,
            query=said_query,
            candidate=said_candidate,
            weight=f.weight,
        )
    return found


def bodies(
    store: Store, result: Screening, latest: dict[str, Snapshot]
) -> dict[tuple[int, str], dict[str, Any]]:
    """The entity of every hit's entry, by (snapshot, entry id), read once per snapshot."""
    wanted: dict[int, set[str]] = {}
    for hit in result.all_hits():
        wanted.setdefault(hit.candidate.snapshot, set()).add(hit.candidate.entry_id)
    built: dict[tuple[int, str], dict[str, Any]] = {}
    for snapshot_id, ids in wanted.items():
        snapshot = next(s for s in result.snapshots if s.id == snapshot_id)
        dates = entities.history(store, snapshot.source, sorted(ids))
        for entry in store.entries_by_id(snapshot_id, sorted(ids)):
            subject = entities.entities_of(store, snapshot, entry)[0]
            built[(snapshot_id, entry["entry_id"])] = entities.response_of(
                subject, snapshot.source, latest[snapshot.source], dates[entry["entry_id"]]
            )
    return built


def scored_entities(
    store: Store, result: Screening, latest: dict[str, Snapshot], threshold: float
) -> dict[str, list[ScoredEntityResponse]]:
    """Each query's hits as scored FtM entities."""
    built = bodies(store, result, latest)
    found: dict[str, list[ScoredEntityResponse]] = {}
    for query in result.queries:
        found[query.id] = [
            ScoredEntityResponse(
                **built[(h.candidate.snapshot, h.candidate.entry_id)],
                score=h.scored.score,
                match=h.scored.score >= threshold,
                explanations=explanations(h),
                band=h.scored.band,
                sentence=h.scored.explanation,
                matched_name=h.scored.matched_name,
                decision=h.decision,
            )
            for h in result.hits.get(query.id, [])
        ]
    return found


# --- matching ------------------------------------------------------------------------------------


@router.post("/match/{dataset}", response_model=EntityMatchResponse, tags=["Matching"])
def match(
    body: EntityMatchQuery,
    state: ServedDep,
    who: CallerDep,
    response: Response,
    dataset: Annotated[str, Path(max_length=100)],
    limit: Annotated[int, Query(ge=1, le=MAX_MATCHES)] = MATCH_PAGE,
    threshold: float = SCORE_THRESHOLD,
    cutoff: Annotated[float, Query(deprecated=True)] = SCORE_THRESHOLD,
    algorithm: Annotated[str, Query(max_length=100)] = "best",
    include_dataset: Annotated[tuple[str, ...], Query()] = (),
    exclude_dataset: Annotated[tuple[str, ...], Query()] = (),
    exclude_schema: Annotated[tuple[str, ...], Query()] = (),
    topics: Annotated[tuple[str, ...], Query()] = (),
    changed_since: Annotated[str | None, Query(pattern=TS_PATTERN)] = None,
    exclude_entity_ids: Annotated[tuple[str, ...], Query(max_length=50)] = (),
) -> EntityMatchResponse:
    """Match entities by example (yente's query by example): each query an FtM entity with
    its schema and properties; the hits best first, each with yente's score, match flag and
    explanations, and ours: the band, the sentence, the alias matched and any decision."""
    settings = state.settings
    threshold, cutoff = finite(threshold, "threshold"), finite(cutoff, "cutoff")
    name = cat.algorithm_for(algorithm)
    if body.config:
        raise Refused(
            400,
            "bad-config",
            f"Invalid configuration parameter: {next(iter(body.config))} for algorithm {name}",
        )
    if not body.queries:
        raise Refused(400, "no-queries", "No queries provided.")
    if len(body.queries) > settings.max_queries:
        raise Refused(
            400,
            "too-many-queries",
            f"Too many queries in one batch (limit: {settings.max_queries})",
        )
    for key in body.queries:
        if fault := text_fault("queries key", key):
            raise Refused(400, "bad-query", fault)
    read = {key: query_from(key, example) for key, example in body.queries.items()}
    by_id: dict[str, str] = {}
    for key, (query, _) in read.items():
        other = by_id.setdefault(query.id, key)
        if other != key and read[other][0] != query:
            raise Refused(
                400,
                "same-query-id",
                f"queries {other!r} and {key!r} are different queries with one id "
                f"({query.id!r}): give each its own id",
            )
    floor = min(cutoff, threshold)
    deadline = time.monotonic() + settings.timeout
    queries = list({q.id: q for q, _ in read.values()}.values())
    with state.reader() as store:
        latest = latest_of(store)
        sources = cat.sources_for(dataset, list(latest), include_dataset, exclude_dataset)
        result = screen(settings.db, store, queries, sources, floor, MAX_MATCHES, deadline, name)
        scored = scored_entities(store, result, latest, threshold)
    responses = {}
    for key, (query, echo) in read.items():
        results = [
            r
            for r in scored[query.id]
            if r.schema_ not in exclude_schema
            and r.id not in exclude_entity_ids
            and (not topics or set(topics) & set(map(str, r.properties.get("topics", []))))
            and (changed_since is None or (r.last_change or "") >= changed_since)
        ]
        cleared = [
            Cleared(
                id=entity_id(h.candidate.source, h.candidate.entry_id),
                dataset=h.candidate.source,
                entry_id=h.candidate.entry_id,
                decision=d.said,
            )
            for h, d in result.cleared
            if h.query.id == query.id
        ]
        responses[key] = EntityMatches(
            results=results[:limit],
            total=TotalSpec(value=sum(1 for r in results if r.match)),
            query=echo,
            cleared=cleared,
        )
    response.headers["x-batch-size"] = str(len(responses))
    if settings.log_queries:
        log.info("match %s: %s", dataset, "; ".join(q.name for q in queries))
    else:
        log.info("match %s: %d queries", dataset, len(queries))
    return EntityMatchResponse(responses=responses, limit=limit, algorithm=name)


@router.get("/search/{dataset}", response_model=SearchResponse, tags=["Matching"])
def search(
    state: ServedDep,
    who: CallerDep,
    dataset: Annotated[str, Path(max_length=100)],
    q: Annotated[str, Query(max_length=300)] = "",
    schema: Annotated[str, Query(max_length=100)] = "Thing",
    include_dataset: Annotated[tuple[str, ...], Query()] = (),
    exclude_dataset: Annotated[tuple[str, ...], Query()] = (),
    exclude_schema: Annotated[tuple[str, ...], Query()] = (),
    countries: Annotated[tuple[str, ...], Query()] = (),
    topics: Annotated[tuple[str, ...], Query()] = (),
    datasets: Annotated[tuple[str, ...], Query()] = (),
    limit: Annotated[int, Query(ge=0, le=MAX_PAGE)] = SEARCH_PAGE,
    offset: Annotated[int, Query(ge=0, le=9_500)] = 0,
) -> SearchResponse:
    """Entries whose names are like the text, best first: our score of the text as a name
    against each candidate (a search box's answer; /match is for matching)."""
    if schema not in SEARCHED:
        raise Refused(400, "bad-schema", "Invalid schema")
    kinds = SEARCHED[schema]
    if fault := text_fault("q", q):
        raise Refused(400, "bad-query", fault)
    results: list[EntityResponse] = []
    with state.reader() as store:
        latest = latest_of(store)
        sources = cat.sources_for(dataset, list(latest), include_dataset, exclude_dataset)
        sources = [s for s in sources if not datasets or s in datasets]
        if q.strip() and sources:
            example = EntityExample(schema_=schema, properties={"name": [q]})
            query, _ = query_from("q", example)
            found = screen(
                state.settings.db,
                store,
                [query],
                sources,
                SEARCH_FLOOR,
                MAX_PAGE,
                time.monotonic() + state.settings.timeout,
                explain=0,  # a search lists entries: their scores' features are not shown
            )
            built = bodies(store, found, latest)
            entries = [
                EntityResponse.model_validate(built[(h.candidate.snapshot, h.candidate.entry_id)])
                for h in found.hits[query.id]
            ]
            results = [
                r
                for r in entries
                if r.schema_ not in exclude_schema
                and (kinds is None or r.schema_ in kinds)
                and (not countries or set(countries) & _countries(r))
                and (not topics or set(topics) & set(map(str, r.properties.get("topics", []))))
            ]
    if state.settings.log_queries:
        log.info("search %s: %s", dataset, q)
    else:
        log.info("search %s: %d characters", dataset, len(q))
    return SearchResponse(
        limit=limit,
        offset=offset,
        total=TotalSpec(value=len(results)),
        results=results[offset : offset + limit],
        facets=facets(results),
    )


def _countries(entity: EntityResponse) -> set[str]:
    props = entity.properties
    return {str(c) for p in ("country", "nationality", "flag") for c in props.get(p, [])}


def facets(results: list[EntityResponse]) -> dict[str, SearchFacet]:
    """Counts over the results, as yente's default facets (countries, topics, datasets)."""

    def facet(label: str, counts: Counter[str], names: dict[str, str]) -> SearchFacet:
        return SearchFacet(
            label=label,
            values=[
                SearchFacetItem(name=k, label=names.get(k, k), count=n)
                for k, n in sorted(counts.items(), key=lambda kn: (-kn[1], kn[0]))
            ],
        )

    countries: Counter[str] = Counter(c for r in results for c in _countries(r))
    topics: Counter[str] = Counter(
        str(t) for r in results for t in set(r.properties.get("topics", []))
    )
    sources: Counter[str] = Counter(d for r in results for d in r.datasets)
    country_names = {}
    for code in countries:
        found = pycountry.countries.get(alpha_2=code.upper())
        country_names[code] = str(found.name) if found else code
    return {
        "countries": facet("Countries", countries, country_names),
        "topics": facet("Topics", topics, {}),
        "datasets": facet("Data sources", sources, {}),
    }


# --- data access ---------------------------------------------------------------------------------


@router.get("/entities/{entity_id}", response_model=EntityResponse, tags=["Data access"])
def fetch_entity(
    state: ServedDep,
    who: CallerDep,
    entity_id: Annotated[str, Path(max_length=300)],
    nested: bool = True,
) -> JSONResponse:
    """An entry as an FtM entity (its id as `tracker export --format ftm` writes it), with its
    Sanction nested under ``sanctions`` (``nested=false``: without)."""
    with state.reader() as store:
        found = entities.fetch(store, entity_id, latest_of(store), nested)
    if found is None:
        raise Refused(404, "no-entity", "No such entity!")
    return JSONResponse(EntityResponse.model_validate(found).model_dump(by_alias=True))


@router.get("/catalog", response_model=DataCatalogModel, tags=["Data access"])
def catalog(state: ServedDep, who: CallerDep) -> DataCatalogModel:
    """One dataset per list in the store (its latest snapshot, with the list's dates), and
    ``default``: all of them."""
    with state.reader() as store:
        latest = list(latest_of(store).values())
        indexed = {s.id for s in latest if store.screen_index(s.id) == ALGORITHM_ID}
    return cat.catalog(latest, indexed)


@router.get("/algorithms", response_model=AlgorithmResponse, tags=["System information"])
def algorithms(who: CallerDep) -> AlgorithmResponse:
    """Our algorithm, its version, thresholds and features."""
    return cat.algorithms()


@router.get("/healthz", response_model=StatusResponse, tags=["System information"])
def healthz() -> StatusResponse:
    """The server is up (no key needed)."""
    return StatusResponse(status="ok")


@router.get("/readyz", response_model=StatusResponse, tags=["System information"])
def readyz(state: ServedDep) -> StatusResponse:
    """The store opens, holds a list, and every latest snapshot has its screening index (no
    key needed)."""
    with state.reader() as store:
        latest = list(latest_of(store).values())
        missing = [s.source for s in latest if store.screen_index(s.id) != ALGORITHM_ID]
    if not latest:
        raise Refused(503, "not-ready", "Index not ready: the store holds no list.")
    if missing:
        raise Refused(503, "not-ready", f"Index not ready: {', '.join(missing)} not indexed.")
    return StatusResponse(status="ok")


# --- decisions -----------------------------------------------------------------------------------


def decision_response(d: Any) -> DecisionResponse:
    return DecisionResponse(
        id=d.id, query=d.query, source=d.source, entry_id=d.entry_id, decision=d.decision,
        who=d.who, when=d.day, decided_at=d.decided_at, snapshot=d.snapshot_id, note=d.note,
    )  # fmt: skip


@router.post("/decisions", response_model=DecisionResponse, status_code=201, tags=["Decisions"])
def add_decision(body: DecisionRequest, state: ServedDep, who: DeciderDep) -> DecisionResponse:
    """Record a decision on a hit (a key with the decide role): appended with who (the key's
    name), when, and the entry as its list holds it now."""
    assert who.name is not None
    with state.writer() as store:
        made = decide.record(
            store, body.query, body.dataset, body.entry_id, body.decision, who.name, body.note,
            state.now(), "api",
        )  # fmt: skip
    return decision_response(made)


@router.get("/decisions", response_model=list[DecisionResponse], tags=["Decisions"])
def list_decisions(
    state: ServedDep, who: CallerDep, query: Annotated[str | None, Query(max_length=300)] = None
) -> list[DecisionResponse]:
    """Every decision (of one query), in the order they were taken."""
    with state.reader() as store:
        found = store.decisions([query] if query is not None else None)
    return [decision_response(d) for d in found]


@router.get("/decisions.csv", tags=["Decisions"])
def decisions_file(state: ServedDep, who: CallerDep) -> Response:
    """Every decision as a decision file for `tracker screen --decisions`."""
    with state.reader() as store:
        found = store.decisions()
    buffer = io.StringIO()
    decide.write_file(found, buffer)
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="decisions.csv"'},
    )


# --- monitoring ----------------------------------------------------------------------------------


@router.get("/watch/{name}/changes", response_model=WatchChanges, tags=["Monitoring"])
def watch_changes(
    state: ServedDep, who: CallerDep, name: Annotated[str, Path(max_length=100)]
) -> WatchChanges:
    """What the watch's latest run found that is new: hits on new or changed entries, and
    cleared hits an entry's change reopened."""
    with state.reader() as store:
        found = watch.changes(store, name)
    if found is None:
        raise Refused(404, "no-watch", f"no watch named {name!r}")
    return found
