"""The picture use cases every interface calls: measure a footprint or a clicked angle, and
store it when asked, with the rules for storing in one place."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import cv2
import pytest

from footwork.config import Settings
from footwork.domain.measures import MeasureKind, Method
from footwork.domain.sides import Side
from footwork.errors import InvalidInput, RetakeNeeded
from footwork.services import measurements, pictures
from footwork.synth.footprint import random_photo
from footwork.vision.pictures.angle_presets import AnglePreset

WHEN = datetime(2026, 11, 20, 7, 30)


@pytest.fixture(scope="module")
def two_feet_photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("photos") / "two feet.jpg"
    cv2.imwrite(str(path), random_photo(200, both_feet=True).image)
    return path


def test_a_footprint_is_stored_six_measures_a_foot_only_when_asked(
    settings: Settings, two_feet_photo: Path
):
    looked = pictures.footprint(settings, two_feet_photo, px_per_mm=2.5)
    assert len(looked.report.feet) == 2 and looked.saved == []
    assert measurements.list_all(settings) == []
    kept = pictures.footprint(
        settings, two_feet_photo, px_per_mm=2.5, save=True, taken_at=WHEN, note="ink print",
        source="my feet.jpg",
    )  # fmt: skip
    assert len(kept.saved) == 12
    stored = measurements.list_all(settings)
    assert {m.id for m in stored} == {m.id for m in kept.saved}
    assert {(m.method, m.taken_at, m.note, m.source) for m in stored} == {
        (Method.FOOTPRINT, WHEN, "ink print", "my feet.jpg")
    }


def test_a_picture_with_no_footprint_is_refused_and_nothing_is_stored(
    settings: Settings, two_feet_photo: Path, monkeypatch: pytest.MonkeyPatch
):
    """The rule every interface gets: no print, nothing saved (the analysis may find none)."""
    found = pictures.analyse_footprint(two_feet_photo, px_per_mm=2.5)
    blank = pictures.FootprintReport(
        source=found.source, medium=found.medium, px_per_mm=found.px_per_mm,
        scale_source=found.scale_source, feet=[], warnings=[],
    )  # fmt: skip
    monkeypatch.setattr(pictures, "analyse_footprint", lambda *a, **k: blank)
    with pytest.raises(RetakeNeeded, match="No footprint was found"):
        pictures.footprint(settings, two_feet_photo, save=True)
    assert measurements.list_all(settings) == []


def test_a_clicked_angle_is_stored_as_its_presets_measure(settings: Settings, two_feet_photo: Path):
    out = pictures.photo_angle(
        settings, two_feet_photo, "100,400 300,400 473.2,300",
        preset=AnglePreset.BIG_TOE_EXTENSION, side=Side.LEFT, save=True, taken_at=WHEN,
        note="clicked on a photo",
    )  # fmt: skip
    assert out.result.angle.value_deg == pytest.approx(30.0, abs=0.1)
    [stored] = measurements.list_all(settings)
    assert [m.id for m in out.saved] == [stored.id]
    assert (stored.kind, stored.method, stored.side, stored.note) == (
        MeasureKind.BIG_TOE_EXTENSION, Method.PHOTO, Side.LEFT, "clicked on a photo"
    )  # fmt: skip


def test_a_given_side_is_refused_for_two_prints_before_anything_is_stored(
    settings: Settings, two_feet_photo: Path
):
    with pytest.raises(InvalidInput, match="2 prints") as refused:
        pictures.footprint(settings, two_feet_photo, save=True, side=Side.LEFT)
    assert refused.value.field == "side"
    assert measurements.list_all(settings) == []


def test_stored_footprint_measures_keep_the_hernandez_corvo_index(two_feet_photo: Path):
    report = pictures.analyse_footprint(two_feet_photo, px_per_mm=2.5)
    items = pictures.footprint_measurements(report, WHEN)
    for foot in report.feet:
        mine = [m for m in items if m.side is foot.side]
        assert {m.details["hernandez_corvo_pct"] for m in mine} == {
            round(foot.hernandez_corvo_pct, 1)
        }
        assert {m.details["midfoot_contact"] for m in mine} == {foot.midfoot_contact}


def test_a_pressure_grid_cannot_be_read_as_a_podoscope(tmp_path: Path):
    path = tmp_path / "plate.csv"
    path.write_text("0,1\n1,0\n")
    with pytest.raises(InvalidInput, match="not a podoscope"):
        pictures.analyse_footprint(path, cell_mm=5.0, podoscope=True)
