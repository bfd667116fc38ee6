"""What ``/catalog`` and ``/algorithms`` say: one dataset per source (its latest snapshot, with
the list's dates) and ``default`` (all of them), as yente's catalogue; and our algorithm, with
its version, thresholds and features, in the shape of yente's algorithm docs."""

from __future__ import annotations

from collections.abc import Sequence

from tracker.lists.importers.registry import SOURCES
from tracker.lists.store import Snapshot
from tracker.screening import score as s
from tracker.serve.entities import timestamp
from tracker.serve.limits import Refused
from tracker.serve.wire import (
    Algorithm,
    AlgorithmDocs,
    AlgorithmResponse,
    DataCatalogModel,
    DatasetModel,
    FeatureDoc,
)

DEFAULT = "default"  # yente's name for every dataset at once
# yente's algorithm names: a client that asks for one is scored by ours (the answer says so)
YENTE_ALGORITHMS = frozenset(
    {"best", "logic-v1", "logic-v2", "name-matcher", "name-qualified", "regression-v1", "ofac-249"}
)
FEATURES = {
    "name": (
        1.0,
        "The best pair of query name and entry name (any alias): words aligned one to one by "
        "edit distance, romanisation skeleton, sound or initial; words run together joined; "
        "legal forms weighed low; the query's words count 0.6, the entry's 0.4.",
    ),
    "identifier": (
        1.0,
        f"The same valid IMO number ({s.IMO_SAME:.2f}) or ID, registration or MMSI number "
        f"({s.ID_SAME:.2f}); the score is the best of name and identifier.",
    ),
    "identifier_conflict": (
        1.0,
        f"A different valid IMO number on the entry ({s.IMO_OTHER:+.2f}).",
    ),
    "birth_date": (
        1.0,
        f"Graded: the same date {s.DATE_SAME:+.2f}; the same as far as both go 0; one unit "
        f"apart, day and month swapped or one digit wrong {s.DATE_CLOSE:+.2f}; apart "
        f"{s.DATE_APART:+.2f}.",
    ),
    "country": (
        1.0,
        f"Among the entry's countries {s.COUNTRY_SAME:+.2f}; both known and disjoint "
        f"{s.COUNTRY_APART:+.2f}.",
    ),
    "type": (1.0, f"A different type than asked for ({s.TYPE_APART:+.2f})."),
    "common_words": (1.0, f"A name made only of common words is held at {s.CAP_COMMON:.2f}."),
}
DOCS_URL = "docs/screening.md"  # where each version is described


def algorithm_for(name: str) -> str:
    """Our algorithm for a name a client asks for (ours, with or without its version, or one
    of yente's); any other name is a 400, as yente answers."""
    wanted = name.strip().lower()
    if wanted in YENTE_ALGORITHMS or wanted == s.ALGORITHM:
        return s.ALGORITHM_ID
    if wanted in s.ALGORITHMS:
        return wanted
    raise Refused(400, "bad-algorithm", f"Invalid algorithm: {name}")


def algorithms() -> AlgorithmResponse:
    features = {
        name: FeatureDoc(description=text, coefficient=weight, url=DOCS_URL)
        for name, (weight, text) in FEATURES.items()
    }
    ours = []
    for name in sorted(s.ALGORITHMS, reverse=True):  # the current one first
        number = int(name.rpartition("/")[2])
        description = (
            f"The tracker's explained score, version {number}"
            + (
                " (the current one)"
                if name == s.ALGORITHM_ID
                else " (kept to score old decisions again)"
            )
            + f": the best evidence (name or identifier) plus qualifiers; match from "
            f"{s.MATCH:.2f}, review from {s.REVIEW:.2f}."
        )
        docs = AlgorithmDocs(name=name, description=description, config={}, features=features)
        ours.append(
            Algorithm(
                name=name,
                description=description,
                features=features,
                docs=docs,
                version=number,
                thresholds={"match": s.MATCH, "review": s.REVIEW},
            )
        )
    return AlgorithmResponse(algorithms=ours, default=s.ALGORITHM_ID, best=s.ALGORITHM_ID)


def version(snapshot: Snapshot) -> str:
    return f"{snapshot.list_date.replace('-', '')}-{snapshot.id}"


def dataset_of(snapshot: Snapshot, indexed: bool) -> DatasetModel:
    listing = SOURCES.get(snapshot.source)
    return DatasetModel(
        name=snapshot.source,
        title=listing.authority if listing and listing.authority else snapshot.source,
        summary=listing.files if listing else None,
        url=listing.url if listing else None,
        version=version(snapshot),
        updated_at=timestamp(snapshot.list_date),
        last_export=timestamp(snapshot.as_of),
        entity_count=snapshot.entries,
        index_version=version(snapshot) if indexed else None,
        index_current=indexed,
        snapshot=snapshot.id,
        as_of=snapshot.as_of,
        published=snapshot.published,
    )


def catalog(latest: Sequence[Snapshot], indexed: set[int]) -> DataCatalogModel:
    """One dataset per source (its latest snapshot), and ``default`` of them all."""
    datasets = [dataset_of(s, s.id in indexed) for s in latest]
    if latest:
        newest = max(latest, key=lambda x: (x.list_date, x.id))
        datasets.insert(
            0,
            DatasetModel(
                name=DEFAULT,
                title="All lists in the store",
                version=f"{newest.list_date.replace('-', '')}-"
                + ".".join(str(x.id) for x in latest),
                updated_at=timestamp(newest.list_date),
                entity_count=sum(x.entries for x in latest),
                load=True,
                index_current=all(x.id in indexed for x in latest),
                index_version=None,
                children=[x.source for x in latest],
            ),
        )
    current = [d.name for d in datasets if d.index_current]
    outdated = [d.name for d in datasets if not d.index_current]
    return DataCatalogModel(
        datasets=datasets, current=current, outdated=outdated, index_stale=bool(outdated)
    )


def sources_for(
    dataset: str, latest: Sequence[str], include: Sequence[str], exclude: Sequence[str]
) -> list[str]:
    """The sources a request screens: the dataset of its path (``default``: all), narrowed by
    ``include_dataset`` and ``exclude_dataset`` as yente narrows them; 404 for an unknown
    dataset."""
    if dataset != DEFAULT and dataset not in latest:
        raise Refused(404, "no-dataset", "No such dataset.")
    scope = list(latest) if dataset == DEFAULT else [dataset]
    if include:
        scope = [x for x in scope if x in include]
    scope = [x for x in scope if x not in exclude]
    if not scope:
        raise Refused(400, "empty-scope", "include_dataset and exclude_dataset leave no list")
    return scope
