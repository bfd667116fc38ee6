"""LibreOffice Calc, headless, as the test oracle for workbooks: recalculate every formula, or
render to PDF. Its own profile is set to recalculate OOXML files on load (the default is never).

    python -m tests.libreoffice screenshot REPORT.xlsx OUT.png   # the README's picture
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

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


def screenshot(workbook: Path, png: Path, page: int = 1, height: int = 560) -> None:
    """One printed page of the workbook (by default its first: Summary) as a PNG, via PDF and
    pdftoppm, cropped to its top ``height`` pixels at 100 dpi."""
    with tempfile.TemporaryDirectory() as tmp:
        calc = Calc(Path(tmp) / "profile")
        pdf = calc.to_pdf(workbook, Path(tmp) / "pdf")
        crop = ["-x", "40", "-y", "20", "-W", "1090", "-H", str(height)]
        pages = ["-f", str(page), "-l", str(page)]
        out = str(png.with_suffix(""))
        subprocess.run(
            ["pdftoppm", "-png", "-r", "100", *pages, "-singlefile", *crop, str(pdf), out],
            check=True,
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["screenshot"]:
        extra = [int(a) for a in sys.argv[4:6]]
        screenshot(Path(sys.argv[2]), Path(sys.argv[3]), *extra)
