"""``app.py handout`` end to end on the shipped atlas: pages, text, fonts, and the map's colours.

The PDF is read back as a reader would get it: its text with pypdf (what a
reader can select and search) and its first page as pixels with pdftoppm.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from pypdf import PdfReader

from explorer.model.content import load_catalog
from explorer.scene.overlay import ESSENTIAL_RGB, point_colours

ROOT = Path(__file__).resolve().parents[1]
UPPER_TRAP = "upper_trapezius.tp1.left"
FOUR = [UPPER_TRAP, "temporalis.tp1.left", "scm_sternal.upper.left", "suboccipitals.group.right"]


def run_handout(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "app.py"), "handout", *arguments],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT / "trigger_points.yaml")


@pytest.fixture(scope="module")
def one_point_pdf(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("handout") / "one.pdf"
    done = run_handout("--select", UPPER_TRAP, "--clinic", "Riverside Physio", "-o", str(output))
    assert done.returncode == 0, done.stderr
    assert "wrote" in done.stdout
    return output


@pytest.fixture(scope="module")
def four_point_pdf(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("handout") / "four.pdf"
    selects = [arg for tp_id in FOUR for arg in ("--select", tp_id)]
    done = run_handout(*selects, "--paper", "letter", "--progress", "-o", str(output))
    assert done.returncode == 0, done.stderr
    assert "progress 3/3" in done.stdout
    return output


def pdf_text(path: Path) -> str:
    """The PDF's text, whitespace folded (lines wrap anywhere)."""
    text = " ".join(page.extract_text() for page in PdfReader(path).pages)
    return " ".join(text.split())


def folded(text: str) -> str:
    return " ".join(text.split())


DPI = 100


def first_page_pixels(path: Path, tmp_path: Path) -> np.ndarray:
    """Page 1 as pdftoppm draws it, (rows, columns, 3) at :data:`DPI`."""
    from PIL import Image

    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-f", "1", "-l", "1", "-png", str(path), str(tmp_path / "p")],
        check=True,
    )
    (png,) = tmp_path.glob("p*.png")
    return np.asarray(Image.open(png).convert("RGB")).astype(float)


def map_rows(path: Path) -> slice:
    """The rows of page 1 between the figure's title and the views' captions: the map."""
    boxes = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)<', boxes)
    title_bottom = next(float(y1) for _y0, y1, word in words if word == "often")
    captions_top = next(float(y0) for y0, _y1, word in words if word == "Seen")
    return slice(round(title_bottom * DPI / 72), round(captions_top * DPI / 72))


def painted_in(pixels: np.ndarray, rgb) -> np.ndarray:
    """Pixels of ``rgb``'s hue whatever the shading: saturated, with its chromaticity."""
    saturated = pixels.max(axis=2) - pixels.min(axis=2) > 50
    chroma = pixels / np.maximum(pixels.sum(axis=2, keepdims=True), 1)
    target = np.array(rgb, float) / max(sum(rgb), 1)
    return saturated & (np.linalg.norm(chroma - target, axis=2) < 0.05)


def test_one_point_fits_two_a4_pages_with_the_words_a_patient_needs(one_point_pdf, catalog):
    reader = PdfReader(one_point_pdf)
    assert 1 <= len(reader.pages) <= 2
    width, height = (float(value) for value in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842), "A4 in points"
    text = pdf_text(one_point_pdf)
    point = catalog.get(UPPER_TRAP)
    assert point.name in text and "Riverside Physio" in text
    assert folded(point.referral_text) in text
    for flag in catalog.patient_info.red_flags.flags:
        assert folded(flag.title) in text and folded(flag.text) in text
    assert folded(catalog.sources["TS99-CH6"].text) in text
    assert folded(catalog.patient_info.disclaimer) in text
    assert f"Page 1 of {len(reader.pages)}" in text


def test_no_needling_text_is_on_the_handout(one_point_pdf, catalog):
    text = pdf_text(one_point_pdf)
    needling = catalog.get(UPPER_TRAP).needling
    for clinical in (needling.approach, needling.depth, needling.caution, *needling.at_risk):
        assert folded(clinical) not in text
    for word in ("pincer", "needle", "pleura", "Rule out"):
        assert word not in text


def test_text_is_text_in_embedded_fonts(one_point_pdf):
    page = PdfReader(one_point_pdf).pages[0]
    fonts = page["/Resources"]["/Font"]
    assert fonts, "the text is drawn with fonts, not as one picture"
    for font in fonts.values():
        font = font.get_object()
        descendants = font.get("/DescendantFonts") or [font]
        descriptor = descendants[0].get_object()["/FontDescriptor"].get_object()
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_the_map_on_the_page_shows_the_pattern_colour(one_point_pdf, tmp_path):
    pixels = first_page_pixels(one_point_pdf, tmp_path)
    rows = map_rows(one_point_pdf)
    in_map = painted_in(pixels[rows], ESSENTIAL_RGB).sum()
    assert in_map > 2000, "the pattern is painted on the map"
    # Outside the map the only vermillion is the legend's small swatch.
    assert painted_in(pixels[rows.stop :], ESSENTIAL_RGB).sum() < in_map / 10
    assert painted_in(pixels[rows], point_colours(1).solid).sum() < 20, "one point, one colour"


def test_four_points_fit_four_letter_pages_each_in_its_own_colour(
    four_point_pdf, tmp_path, catalog
):
    reader = PdfReader(four_point_pdf)
    assert len(reader.pages) <= 4
    width, height = (float(value) for value in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (612, 792), "Letter in points"
    text = pdf_text(four_point_pdf)
    for tp_id in FOUR:
        assert catalog.get(tp_id).name in text
    pixels = first_page_pixels(four_point_pdf, tmp_path)[map_rows(four_point_pdf)]
    for index in range(len(FOUR)):
        assert painted_in(pixels, point_colours(index).solid).sum() > 30, index


def test_refuses_unknown_ids_too_many_points_and_a_bad_logo(tmp_path, catalog):
    output = str(tmp_path / "x.pdf")
    unknown = run_handout("--select", "upper_trapezius.tp9.left", "-o", output)
    assert unknown.returncode == 2 and "upper_trapezius.tp9.left" in unknown.stderr
    five = [arg for p in catalog.trigger_points()[:5] for arg in ("--select", p.id)]
    too_many = run_handout(*five, "-o", output)
    assert too_many.returncode == 2 and "at most 4" in too_many.stderr
    (tmp_path / "logo.png").write_text("not a picture")
    bad_logo = run_handout(
        "--select", UPPER_TRAP, "--logo", str(tmp_path / "logo.png"), "-o", output
    )
    assert bad_logo.returncode == 1 and "logo" in bad_logo.stderr
    assert not Path(output).exists()
