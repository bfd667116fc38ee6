"""`tracker screen QUERIES.xlsx --annotate OUT.xlsx`: the officer's own queries workbook
returned as it was, with the screening's answer beside each row of the sheet that was
screened: best score, band, top hit, and a link to its row on the hits workbook's Hits sheet.

openpyxl is the library that edits a workbook and keeps the rest of it (formats, formulas,
other sheets, validations, conditional formats, comments, defined names); it does not keep
charts and images, which the run then reports. The new columns go right of every used
column, so no cell of the officer's is overwritten; the file is written atomically.
"""

from __future__ import annotations

import os
import zipfile
from copy import copy
from pathlib import Path
from typing import cast

from tracker.errors import InputError
from tracker.outputs import atomic_output
from tracker.screening.output import decimal
from tracker.screening.results import Screening

ANNOTATIONS = ("best score", "band", "top hit", "on Hits")
EDITABLE = (".xlsx", ".xlsm")


def annotate(
    result: Screening, out: Path, hits: Path | None = None, hit_cells: dict[str, str] | None = None
) -> list[str]:
    """Write the annotated copy of the queries workbook to ``out``; ``hits`` and its cells
    (``write_workbook``'s answer) give the links. Returns what the copy could not keep."""
    import openpyxl  # here: loading it loads lxml, which most commands never need
    from openpyxl.styles import Alignment, Border, Fill, Font
    from openpyxl.worksheet.hyperlink import Hyperlink

    source = result.source
    if source is None or source.path.suffix.lower() not in EDITABLE:
        raise InputError("--annotate needs a queries workbook (.xlsx or .xlsm) to annotate")
    try:
        book = openpyxl.load_workbook(
            source.path, keep_vba=source.path.suffix.lower() == ".xlsm", keep_links=True
        )
    except Exception as exc:  # openpyxl raises many kinds for a file it cannot read
        raise InputError(f"{source.path}: openpyxl cannot edit this workbook ({exc})") from None
    sheet = book[source.sheet] if source.sheet in book.sheetnames else book.worksheets[0]
    first = sheet.max_column + 1
    header = sheet.cell(source.header_row, source.first_column + len(source.header))
    for offset, name in enumerate(ANNOTATIONS):
        cell = sheet.cell(source.header_row, first + offset, name)
        cell.font = cast(Font, copy(header.font))  # the look of the header row
        cell.fill = cast(Fill, copy(header.fill))
        cell.border = cast(Border, copy(header.border))
        cell.alignment = cast(Alignment, copy(header.alignment))
    link_base = os.path.relpath(hits, out.parent) if hits is not None else None
    for query in result.queries:
        row = source.rows.get(query.id)
        if row is None:
            continue
        found = result.hits.get(query.id, [])
        best = found[0] if found else None
        score = sheet.cell(row, first, decimal(best.scored.score) if best else None)
        score.number_format = "0.0000"
        sheet.cell(row, first + 1, best.scored.band if best else "none")
        if best is not None:
            c = best.candidate
            sheet.cell(row, first + 2, f"{c.source} {c.entry_id}: {c.name}")
        target = (hit_cells or {}).get(query.id)
        if target is not None and link_base is not None:
            shown = f"Hits {target.split('!')[1]}"
            cell = sheet.cell(row, first + 3, shown)
            cell.hyperlink = Hyperlink(
                ref=cell.coordinate, target=link_base, location=target, display=shown
            )
            cell.style = "Hyperlink"
    for row in source.not_screened:
        sheet.cell(row, first + 1, "not screened")
    with atomic_output(out) as temp:
        book.save(temp)
    return lost_parts(source.path, out)


def lost_parts(path: Path, out: Path) -> list[str]:
    """Charts and images openpyxl does not keep: named, so that nobody files the copy
    thinking it whole."""
    with zipfile.ZipFile(path) as package:
        drawings = [n for n in package.namelist() if n.startswith(("xl/drawings/", "xl/charts/"))]
    if not drawings:
        return []
    return [
        f"{out.name} lacks the charts and images of {path.name} ({len(drawings)} parts): "
        "openpyxl does not keep them; keep the original beside the copy"
    ]
