"""LibreOffice Calc, headless, as the test oracle for workbooks: recalculate every formula, or
render to PDF and read the printed pages back (poppler's ``pdftotext -bbox``: every word with its
page and box). Its own profile is set to recalculate OOXML files on load (the default is never).

The print rule every workbook of the tracker is held to (``print_rule``): each printed page's
text at 8 points or more (the median height of its words against the height of 11-point text
printed at 100 %, measured in the same run), no blank page; ``cut_cells`` finds cells whose text
is not printed whole in its column; ``split_groups`` finds columns that belong together
printed on different pages. Calibri is printed as Carlito (metric-compatible, Debian's
fonts-crosextra-carlito), so the widths measured are those Excel prints.

    python -m tests.libreoffice pictures      # the docs' pictures of the bundled report, anew
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
import xlsxwriter

import tracker

RECALC_ALWAYS = """<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
"""


def soffice() -> str:
    """The soffice binary; without it, skip (or fail under CI, where `make test` installs it)."""
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(
                "soffice is missing under CI: `make test` should have installed "
                "libreoffice-calc-nogui"
            )
        pytest.skip("LibreOffice Calc (soffice) is not installed; `make test` installs it")
    return found


class Calc:
    """A headless LibreOffice with a private profile that recalculates on load."""

    def __init__(self, profile: Path) -> None:
        self.binary = soffice()
        self.profile = profile
        profile.mkdir(parents=True, exist_ok=True)
        self._run(["--terminate_after_init"], profile)
        settings = profile / "user" / "registrymodifications.xcu"
        text = settings.read_text(encoding="utf-8")
        settings.write_text(
            text.replace("</oor:items>", RECALC_ALWAYS + "</oor:items>"), encoding="utf-8"
        )

    def _run(self, args: list[str], cwd: Path) -> None:
        subprocess.run(
            [
                self.binary,
                f"-env:UserInstallation={self.profile.as_uri()}",
                "--headless",
                "--norestore",
                *args,
            ],
            check=True,
            capture_output=True,
            timeout=180,
            cwd=cwd,
        )

    def convert(self, source: Path, target_format: str, out_dir: Path) -> Path:
        out_dir.mkdir(parents=True, exist_ok=True)
        self._run(["--convert-to", target_format, "--outdir", str(out_dir), str(source)], out_dir)
        result = out_dir / f"{source.stem}.{target_format.split(':')[0]}"
        assert result.exists(), f"LibreOffice did not convert {source}"
        return result

    def recalculate(self, workbook: Path, out_dir: Path) -> Path:
        """A copy of the workbook with every formula recalculated by LibreOffice."""
        return self.convert(workbook, "xlsx", out_dir)

    def to_pdf(self, workbook: Path, out_dir: Path) -> Path:
        return self.convert(workbook, "pdf", out_dir)


# --- printed pages, read back -----------------------------------------------------------------

MIN_POINTS = 8.0  # the smallest text a printed page may hold
XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Word:
    page: int
    x: float
    y: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y


@dataclass(frozen=True)
class Page:
    """A printed page: its words; its first line is the page header (the sheet's name at its
    left), its last line the footer."""

    number: int
    words: list[Word]

    def lines(self) -> list[list[Word]]:
        found: list[list[Word]] = []
        for word in sorted(self.words, key=lambda w: (w.y, w.x)):
            if found and abs(found[-1][0].y - word.y) < 2:
                found[-1].append(word)
            else:
                found.append([word])
        return [sorted(line, key=lambda w: w.x) for line in found]

    @property
    def sheet(self) -> str:
        lines = self.lines()
        if not lines:
            return ""
        first = lines[0]
        gaps = [b.x - a.x1 for a, b in itertools.pairwise(first)]
        end = next((i + 1 for i, gap in enumerate(gaps) if gap > 40), len(first))
        return " ".join(w.text for w in first[:end])

    @property
    def body(self) -> list[Word]:
        """The words between the page header and the footer."""
        lines = self.lines()
        if len(lines) < 2:
            return []
        top, bottom = max(w.y1 for w in lines[0]), min(w.y for w in lines[-1])
        return [w for w in self.words if w.y >= top and w.y1 <= bottom]


def pdf_pages(pdf: Path) -> list[Page]:
    """Every page of the PDF with its words and their boxes (poppler's pdftotext -bbox)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    root = ElementTree.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", html))
    pages = []
    for number, page in enumerate(root.iter(f"{XHTML}page"), start=1):
        words = [
            Word(
                number,
                float(w.get("xMin", 0)),
                float(w.get("yMin", 0)),
                float(w.get("xMax", 0)),
                float(w.get("yMax", 0)),
                w.text or "",
            )
            for w in page.iter(f"{XHTML}word")
        ]
        pages.append(Page(number, words))
    return pages


@dataclass
class Printed:
    """A workbook as LibreOffice prints it, with the height of 11-point text at 100 %."""

    pages: list[Page]
    reference: float  # median word height of 11-point text printed at 100 %

    def size(self, page: Page) -> float | None:
        """The page's effective text size in points: the median height of its words."""
        heights = [w.height for w in page.body]
        return 11 * statistics.median(heights) / self.reference if heights else None

    def of_sheet(self, title: str) -> list[Page]:
        return [p for p in self.pages if p.sheet == title]

    def sheets(self) -> list[str]:
        return list(dict.fromkeys(p.sheet for p in self.pages))


def print_rule(printed: Printed) -> list[str]:
    """What breaks the print rule: a page under 8 points, a blank page."""
    found = []
    for page in printed.pages:
        size = printed.size(page)
        if size is None:
            found.append(f"page {page.number} ({page.sheet}) is blank")
        elif size < MIN_POINTS:
            found.append(f"page {page.number} ({page.sheet}) prints at {size:.1f} pt")
    return found


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def column_texts(pages: Iterable[Page], names: Sequence[str]) -> dict[str, str]:
    """Per column of a table, all the text printed under its header on these pages (x ranges
    from the header words, which print whole)."""
    texts: dict[str, list[str]] = {n: [] for n in names}
    for page in pages:
        body = page.body
        wanted = set(names)
        line = max(page.lines(), key=lambda ln: len({w.text for w in ln} & wanted), default=[])
        heads = [next((w for w in line if w.text == n), None) for n in names]
        edges = sorted((w.x, n) for w, n in zip(heads, names, strict=True) if w is not None)
        if not edges:
            continue
        header_y = min(w.y for w in heads if w is not None)
        below = sorted((w for w in body if w.y > header_y + 2), key=lambda w: (round(w.y), w.x))
        for (x0, name), (x1, _) in zip(edges, [*edges[1:], (10_000.0, "")], strict=True):
            texts[name] += [w.text for w in below if x0 - 1 <= w.x < x1 - 1]
    return {n: squash("".join(t)) for n, t in texts.items()}


def cut_cells(
    pages: Sequence[Page],
    names: Sequence[str],
    rows: Iterable[dict[str, object]],
    elsewhere: str = "",
) -> list[str]:
    """Cells (by column and row number) whose text is not printed whole under its header,
    nor in ``elsewhere`` (the squashed text of a sheet that prints long texts whole)."""
    printed = column_texts(pages, names)
    found = []
    for number, row in enumerate(rows, start=1):
        for name in names:
            value = row.get(name)
            if not isinstance(value, str) or not value:
                continue
            text = squash(value)
            if text not in printed[name] and not (elsewhere and text in elsewhere):
                found.append(f"{name} row {number}")
    return found


def split_groups(pages: Sequence[Page], groups: Iterable[Sequence[str]]) -> list[str]:
    """Groups of columns whose headers are not printed on one page."""
    found = []
    for group in groups:
        where = [{p.number for p in pages if any(w.text == n for w in p.body)} for n in group]
        if not where or not all(where) or len(set.intersection(*where)) == 0:
            found.append(" + ".join(group))
    return found


def reference_height(calc: Calc, out_dir: Path) -> float:
    """The median word height of 11-point text printed at 100 % (a one-sheet workbook)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "reference.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Reference")
    sheet.set_header("&LReference")
    sheet.set_footer("&Rend")
    for row in range(40):
        sheet.write_string(row, 0, "Sanctions and export controls, as printed at 100 %")
    book.close()
    (page, *_) = pdf_pages(calc.to_pdf(path, out_dir))
    return statistics.median(w.height for w in page.body)


def printed(calc: Calc, workbook: Path, out_dir: Path) -> Printed:
    """The workbook printed by LibreOffice, with the reference height measured alike."""
    pages = pdf_pages(calc.to_pdf(workbook, out_dir))
    return Printed(pages, reference_height(calc, out_dir / "reference"))


def screenshot(pdf: Path, png: Path, page: int, height: int = 560) -> None:
    """One printed page of a PDF as a PNG, via pdftoppm, cropped to its top ``height`` pixels
    at 100 dpi."""
    crop = ["-x", "40", "-y", "20", "-W", "1090", "-H", str(height)]
    pages = ["-f", str(page), "-l", str(page)]
    out = str(png.with_suffix(""))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", *pages, "-singlefile", *crop, str(pdf), out],
        check=True,
    )


# The docs' pictures: each the first printed page of a sheet of the bundled report. The manifest
# beside them records the digest of what each shows (the sheet's cells); a test recomputes it,
# so a picture whose sheet changed fails the tests until `python -m tests.libreoffice pictures`.
REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
MANIFEST = DOCS / "pictures.json"
PICTURES = {"report-summary.png": ("Summary", 770), "report-checks.png": ("Checks", 420)}
AS_OF = "2024-06-24"


def bundled_report(out: Path) -> Path:
    tracker.build_report(REPO / "data", out, AS_OF)
    return out


def sheet_digest(workbook: Path, title: str) -> str:
    """The sha256 of a sheet's cells (value or formula and number format, by cell)."""
    sheet = openpyxl.load_workbook(workbook)[title]
    lines = [
        f"{c.coordinate}\t{c.value!r}\t{c.number_format}"
        for row in sheet.iter_rows()
        for c in row
        if c.value is not None
    ]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def pictures() -> None:
    """Render the bundled report and write every picture of PICTURES and the manifest."""
    with tempfile.TemporaryDirectory() as tmp:
        report = bundled_report(Path(tmp) / "tracker-report.xlsx")
        calc = Calc(Path(tmp) / "profile")
        pdf = calc.to_pdf(report, Path(tmp) / "pdf")
        pages = pdf_pages(pdf)
        manifest = {}
        for name, (title, height) in PICTURES.items():
            page = next(p for p in pages if p.sheet == title)
            screenshot(pdf, DOCS / name, page.number, height)
            manifest[name] = {"sheet": title, "as_of": AS_OF, "cells": sheet_digest(report, title)}
    MANIFEST.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:2] == ["pictures"]:
        pictures()
    else:
        sys.exit("usage: python -m tests.libreoffice pictures")
