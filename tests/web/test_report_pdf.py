"""/report.pdf: the progress chart is paginated panel by panel, so no panel (nor its date axis)
is cut at the bottom of a page."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from pypdf import PageObject, PdfReader
from pypdf.generic import ContentStream

from footwork.config import Settings
from footwork.domain.measures import KINDS, MeasureKind, Method, NewMeasurement
from footwork.domain.sides import Side
from footwork.services import measurements, progress

pytest.importorskip("weasyprint", reason="WeasyPrint is not installed")

K = MeasureKind
NOW = datetime.now().replace(microsecond=0) - timedelta(hours=1)


def _history(settings: Settings) -> None:
    """Big-toe by goniometer and photo, the footprint indices, pain, a lift and a run time:
    more panels than fit on one page."""
    rows = [
        (K.BIG_TOE_EXTENSION, Side.LEFT, Method.GONIOMETER, 44, 52),
        (K.BIG_TOE_EXTENSION, Side.RIGHT, Method.GONIOMETER, 48, 55),
        (K.BIG_TOE_EXTENSION, Side.RIGHT, Method.PHOTO, 50, 58),
        (K.ARCH_INDEX, Side.LEFT, Method.FOOTPRINT, 0.27, 0.25),
        (K.CHIPPAUX_SMIRAK, Side.LEFT, Method.FOOTPRINT, 48, 44),
        (K.STAHELI, Side.LEFT, Method.FOOTPRINT, 0.9, 0.8),
        (K.CLARKE_ANGLE, Side.LEFT, Method.FOOTPRINT, 30, 35),
    ]
    items = [
        NewMeasurement(kind, side, value, KINDS[kind].unit, method, NOW - timedelta(days=days))
        for kind, side, method, first, last in rows
        for value, days in ((first, 20), (last, 2))
    ]
    measurements.record(settings, items, "Sam")
    for days, kind, value in [
        (20, "pain", 6),
        (2, "pain", 3),
        (18, "squat-1rm", 100),
        (3, "squat-1rm", 110),
        (15, "5k-time", 27.5),
        (4, "5k-time", 26),
    ]:
        progress.add_outcome(settings, kind, value, person="Sam", when=NOW - timedelta(days=days))


def _images_drawn(reader: PdfReader, page: PageObject) -> int:
    """How many images the page's content draws (the ``Do`` operator on an image XObject)."""
    xobjects = page["/Resources"].get("/XObject", {})
    return sum(
        1
        for operands, op in ContentStream(page.get_contents(), reader).operations
        if op == b"Do" and xobjects[operands[0]].get_object().get("/Subtype") == "/Image"
    )


@pytest.mark.slow
def test_every_chart_panel_is_whole_on_one_page_of_the_pdf(sam: TestClient, settings: Settings):
    _history(settings)
    r = sam.get("/report.pdf")
    assert r.status_code == 200, r.text
    reader = PdfReader(io.BytesIO(r.content))
    pages = reader.pages
    titles = ["Big-toe extension", "Arch index", "Chippaux-Smirak index", "Staheli arch index",
              "Clarke's angle", "Sessions, last 28 days", "Pain (0 none to 10 worst)",
              "Your notes in kg", "Your notes in min"]  # fmt: skip
    found = {t: [n for n, p in enumerate(pages) if t in p.extract_text()] for t in titles}
    assert all(found.values()), f"panel titles missing from the PDF: {found}"
    # Each panel is one image drawn on the page of its title: a panel cut by a page break
    # would leave its title and its image on different pages, or the image missing.
    drawn = [_images_drawn(reader, page) for page in pages]
    assert sum(drawn) == len(titles)
    # (A title can also appear earlier, in the results table; its caption is the last one.)
    captions = [sum(1 for t in titles if found[t][-1] == n) for n in range(len(pages))]
    assert drawn == captions, found
    assert len(pages) >= 3  # nine panels do not fit on the first two pages
