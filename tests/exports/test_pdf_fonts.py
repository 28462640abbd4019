"""The PDF report carries its own fonts: Noto Naskh Arabic for Arabic, the bundled Noto Sans
for Latin text (URLs, English labels), never a font of the machine that made it."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from annotator.bundled import resources_folder
from annotator.services.exports import ExportFilter, ExportOptions, export
from annotator.services.exports.pdf_report import LATIN_FONT
from tests.exports.conftest import Annotated


def _fonts(path: Path) -> set[str]:
    from pypdf import PdfReader

    names: set[str] = set()
    for page in PdfReader(path).pages:
        resources = page.get("/Resources") or {}
        fonts = resources.get("/Font") or {}
        for ref in fonts.values():
            names.add(str(ref.get_object().get("/BaseFont")))
    return names


def test_latin_text_uses_the_bundled_noto_sans(annotated: Annotated, tmp_path: Path) -> None:
    importlib.import_module("fpdf")
    pypdf = importlib.import_module("pypdf")
    assert resources_folder().joinpath("fonts", LATIN_FONT).is_file()
    out = tmp_path / "report.pdf"
    export(annotated.ws, "report-pdf", out, ExportFilter(article_ids=(annotated.seed_id,)),
           ExportOptions(lang="en"))
    fonts = _fonts(out)
    # Subset fonts are named "ABCDEF+Name": strip the tag.
    bases = {re.sub(r"^/?[A-Z]{6}\+", "", name).lstrip("/") for name in fonts}
    assert any(b.startswith("NotoNaskhArabic") for b in bases), bases
    assert any(b.startswith("NotoSans") and "Arabic" not in b for b in bases), bases
    assert not any("DejaVu" in b for b in bases), bases
    text = re.sub(r"\s+", " ", "\n".join(
        page.extract_text() for page in pypdf.PdfReader(out).pages))
    for latin in ("Claim annotation report", "False", "Mostly true",
                  "https://www.reuters.com/world/x?a=1&b=2"):
        assert latin in text


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_report_does_not_read_system_fonts(annotated: Annotated, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               lang: str) -> None:
    """Whatever the system has, only the bundled font files are opened."""
    importlib.import_module("fpdf")
    import fpdf.fonts

    opened: list[str] = []
    real = fpdf.fonts.TTFFont.__init__

    def spy(self, fpdf_obj, font_file_path, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(str(font_file_path))
        real(self, fpdf_obj, font_file_path, *args, **kwargs)

    monkeypatch.setattr(fpdf.fonts.TTFFont, "__init__", spy)
    export(annotated.ws, "report-pdf", tmp_path / "r.pdf",
           ExportFilter(article_ids=(annotated.seed_id,)), ExportOptions(lang=lang))  # type: ignore[arg-type]
    fonts_dir = Path(str(resources_folder().joinpath("fonts"))).resolve()
    assert opened
    assert all(Path(p).resolve().parent == fonts_dir for p in opened), opened
