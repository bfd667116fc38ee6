"""Typed pandas DataFrames of a dataset, of problems and of a snapshot's entries, for analysts.

Counts are nullable integers (``Int64``), quantities stay exact ``Decimal`` objects, text is
pandas' ``string`` dtype, lists stay Python lists, and each date field becomes a ``datetime64``
column (a partial date such as ``2024-06`` as its first day) beside ``<field>_precision``
(``day``, ``month`` or ``year``), so nothing the source said is lost and dates sort. The ids are
the index. pandas is needed only here (`pip install 'tracker[pandas]'`).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, cast

from tracker.errors import InputError
from tracker.fields import PartialDate
from tracker.models import RECORD_TYPES, Record, columns, field_type
from tracker.problems import Problem, Problems

if TYPE_CHECKING:
    import pandas as pd

    from tracker.load import Dataset


def _pandas() -> Any:
    """pandas, an optional dependency: the base install (and the CLI) does without it."""
    try:
        import pandas
    except ImportError:
        raise InputError("DataFrames need pandas: pip install 'tracker[pandas]'") from None
    return pandas


def precision(date: PartialDate | None) -> str | None:
    if date is None:
        return None
    return "day" if date.day is not None else "month" if date.month is not None else "year"


def record_frame(record_type: type[Record], records: Iterable[Record]) -> pd.DataFrame:
    pandas = _pandas()
    names = columns(record_type)
    data: dict[str, list[Any]] = {name: [] for name in names}
    for record in records:
        for name in names:
            value = getattr(record, name)
            data[name].append(value.value if isinstance(value, Enum) else value)
    frame = pandas.DataFrame(index=pandas.Index(data.pop("id"), dtype="string", name="id"))
    for name, values in data.items():
        kind = field_type(record_type, name)
        if kind is int:
            frame[name] = pandas.array(values, dtype="Int64")
        elif kind is PartialDate:
            frame[name] = pandas.to_datetime(
                [v.earliest() if v is not None else None for v in values]
            )
            frame[f"{name}_precision"] = pandas.array(
                [precision(v) for v in values], dtype="string"
            )
        elif kind is Decimal or kind is list:
            frame[name] = pandas.Series(values, index=frame.index, dtype=object)
        else:
            frame[name] = pandas.array(values, dtype="string")
    return cast("pd.DataFrame", frame)


def dataset_frames(dataset: Dataset) -> dict[str, pd.DataFrame]:
    return {
        t.FILE.removesuffix(".csv"): record_frame(t, dataset.table(t).records) for t in RECORD_TYPES
    }


def problems_frame(problems: Problems) -> pd.DataFrame:
    pandas = _pandas()
    frame = pandas.DataFrame(
        [p.as_dict() for p in problems.sorted()], columns=list(Problem.COLUMNS)
    )
    frame["row"] = frame["row"].astype("Int64")
    return cast("pd.DataFrame", frame)


def entries_frame(entries: Iterable[dict[str, Any]]) -> pd.DataFrame:
    pandas = _pandas()
    frame = pandas.DataFrame.from_records(list(entries))
    return cast("pd.DataFrame", frame.set_index("entry_id") if "entry_id" in frame else frame)
