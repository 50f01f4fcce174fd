"""footwork footprint and footwork measure angle, run through the real Typer app."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest
from typer.testing import CliRunner

from footwork.cli.main import build_app
from footwork.config import Settings
from footwork.domain.measures import MeasureKind, Method
from footwork.domain.sides import Side
from footwork.services import measurements
from footwork.synth.footprint import pressure_grid, random_foot, random_photo

runner = CliRunner()


@pytest.fixture(scope="module")
def two_feet_photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("photos") / "two feet.jpg"
    cv2.imwrite(str(path), random_photo(200, both_feet=True).image)
    return path


@pytest.fixture(scope="module")
def a4_photo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("photos") / "on_a4.png"
    cv2.imwrite(str(path), random_photo(101, sheet_visible=True).image)
    return path


def _run(*args: str):
    return runner.invoke(build_app(), list(args), catch_exceptions=False)


def test_footprint_prints_a_table_of_indices_for_both_feet(two_feet_photo: Path) -> None:
    result = _run("footprint", str(two_feet_photo))
    assert result.exit_code == 0, result.output
    assert "Arch index" in result.output
    assert "left foot" in result.output and "right foot" in result.output
    assert "diagnosis" in result.output


def test_footprint_json_follows_the_documented_schema(a4_photo: Path) -> None:
    result = _run("footprint", str(a4_photo), "--json")
    printed = json.loads(result.stdout)  # the /api/footprint shape: report, overlay, saved
    assert (printed["overlay"], printed["saved"]) == (None, [])
    data = printed["report"]
    assert data["scale"]["from"] == "sheet A4"
    [foot] = data["feet"]
    expected = {"side", "arch_index", "chippaux_smirak_pct", "staheli", "clarke_deg",
                "category", "length_mm", "width_mm"}  # fmt: skip
    assert expected <= foot.keys()
    assert foot["category"] in {"high", "normal", "flat"}
    assert 200 < foot["length_mm"] < 270
    assert isinstance(data["warnings"], list)


def test_footprint_annotate_writes_a_png(two_feet_photo: Path, tmp_path: Path) -> None:
    out = tmp_path / "drawn.png"
    result = _run("footprint", str(two_feet_photo), "--annotate", str(out))
    assert result.exit_code == 0, result.output
    drawn = cv2.imread(str(out))
    assert drawn is not None and max(drawn.shape[:2]) >= 1000


def test_footprint_save_stores_six_measurements_per_foot(two_feet_photo: Path) -> None:
    result = _run("footprint", str(two_feet_photo), "--px-per-mm", "2.5", "--save", "--json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["saved"]) == 12
    stored = measurements.list_all(Settings.from_env())
    assert {m.kind for m in stored} >= {MeasureKind.ARCH_INDEX, MeasureKind.FOOT_LENGTH}
    assert {m.method for m in stored} == {Method.FOOTPRINT}
    arch = [m for m in stored if m.kind is MeasureKind.ARCH_INDEX]
    assert {m.side.value for m in arch} == {"left", "right"}
    assert "heel_centre_px" in arch[0].details["landmarks"]


def test_footprint_reads_a_pressure_grid_and_says_how_toes_were_handled(tmp_path: Path) -> None:
    rng = np.random.default_rng(4)
    grid = pressure_grid(random_foot(rng, Side.LEFT), 5.0, rng)
    path = tmp_path / "plate.csv"
    np.savetxt(path, grid, delimiter=",", fmt="%g")
    result = _run("footprint", str(path), "--cell-mm", "5", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)["report"]
    assert data["medium"] == "pressure-grid"
    assert any("toes" in w.lower() for w in data["feet"][0]["warnings"])


def test_a_pressure_grid_without_a_sensor_pitch_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plate.csv"
    path.write_text("0,1\n1,0\n")
    result = runner.invoke(build_app(), ["footprint", str(path)])
    assert result.exit_code == 2
    assert "--cell-mm" in result.output


def test_a_corrupt_photo_gives_an_error_message_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "broken.jpg"
    path.write_bytes(b"\xff\xd8\xff garbage")
    result = runner.invoke(build_app(), ["footprint", str(path)])
    assert result.exit_code == 2
    assert "not a readable image" in result.output
    assert "Traceback" not in result.output


def test_measure_angle_gives_big_toe_extension_and_saves_it(two_feet_photo: Path) -> None:
    args = ["measure", "angle", str(two_feet_photo), "--points", "100,400 300,400 473.2,300",
            "--preset", "big-toe-extension", "--side", "left", "--save", "--json"]  # fmt: skip
    result = _run(*args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["value_deg"] == pytest.approx(30.0, abs=0.1)
    [stored] = measurements.list_all(Settings.from_env())
    assert [m["id"] for m in data["saved"]] == [stored.id]
    assert stored.kind is MeasureKind.BIG_TOE_EXTENSION and stored.method is Method.PHOTO
    assert stored.details["points_px"][1] == [300.0, 400.0]


def test_measure_angle_lunge_draws_the_shin_line(two_feet_photo: Path, tmp_path: Path) -> None:
    out = tmp_path / "lunge.png"
    result = _run("measure", "angle", str(two_feet_photo), "--points", "400,100 300,500",
                  "--preset", "lunge", "--annotate", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "14.0°" in result.output
    assert out.is_file()


def test_footprint_with_no_print_is_refused_as_on_the_web(
    two_feet_photo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from footwork.services import pictures

    empty = pictures.FootprintReport("p.jpg", "photo", None, "none", feet=[], warnings=[])
    monkeypatch.setattr(pictures, "analyse_footprint", lambda *a, **k: empty)
    result = runner.invoke(build_app(), ["footprint", str(two_feet_photo), "--save"])
    assert result.exit_code == 2, result.output
    assert "No footprint was found" in result.output
    assert measurements.list_all(Settings.from_env()) == []


def test_footprint_json_carries_hernandez_corvo_with_its_bands(a4_photo: Path) -> None:
    data = json.loads(_run("footprint", str(a4_photo), "--json").stdout)["report"]
    [foot] = data["feet"]
    assert 0.0 <= foot["hernandez_corvo_pct"] <= 100.0
    bands = data["hernandez_corvo_bands"]
    assert list(bands["lower_edges_pct"].values()) == sorted(bands["lower_edges_pct"].values())
    assert foot["hernandez_corvo_type"] in bands["lower_edges_pct"]
    assert "Hernández Corvo" in bands["source"]
    table = _run("footprint", str(a4_photo)).output
    assert "Hernández-Corvo" in table


def test_side_names_the_foot_of_a_one_print_photo(a4_photo: Path) -> None:
    guessed = json.loads(_run("footprint", str(a4_photo), "--json").stdout)["report"]["feet"][0]
    other = "left" if guessed["side"] == "right" else "right"
    given = json.loads(_run("footprint", str(a4_photo), "--side", other, "--json").stdout)
    [foot] = given["report"]["feet"]
    assert (foot["side"], foot["side_confidence"]) == (other, "given")
    assert foot["arch_index"] == guessed["arch_index"]  # only the foot's name and inner border
    assert foot["clarke_deg"] != guessed["clarke_deg"]  # Clarke is taken on the other border
    same = json.loads(_run("footprint", str(a4_photo), "-s", guessed["side"], "--json").stdout)
    assert same["report"]["feet"][0]["clarke_deg"] == guessed["clarke_deg"]


def test_side_is_refused_for_a_photo_with_two_prints(two_feet_photo: Path) -> None:
    result = runner.invoke(build_app(), ["footprint", str(two_feet_photo), "--side", "left"])
    assert result.exit_code == 2
    assert "2 prints" in result.output and "Leave the side out" in result.output


def test_a_high_arched_print_is_scored_high_through_the_command(tmp_path: Path) -> None:
    path = tmp_path / "high arch.jpg"
    cv2.imwrite(str(path), random_photo(11, arch=1.5).image)
    result = _run("footprint", str(path), "--json")
    assert result.exit_code == 0, result.output
    [foot] = json.loads(result.stdout)["report"]["feet"]
    assert foot["category"] == "high" and foot["midfoot_contact"] is False
    assert foot["chippaux_smirak_pct"] == 0.0 and foot["arch_index"] < 0.05
    assert any("No midfoot contact" in w for w in foot["warnings"])


@pytest.fixture(scope="module")
def podoscope_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    from footwork.synth.footprint import podoscope_photo

    photo = podoscope_photo(3)
    path = tmp_path_factory.mktemp("photos") / "podoscope.jpg"
    cv2.imwrite(str(path), photo.image)
    return path, [f.side.value for f in photo.feet]


def test_a_podoscope_photo_names_each_foot_seen_from_below(
    podoscope_file: tuple[Path, list[str]],
) -> None:
    path, truth = podoscope_file
    for extra in ([], ["--podoscope"]):
        data = json.loads(_run("footprint", str(path), *extra, "--json").stdout)["report"]
        assert data["seen_from"] == "below"
        assert [f["side"] for f in data["feet"]] == truth
        assert not any("A4" in w for w in data["warnings"])  # no sheet to ask for


def test_reading_a_podoscope_photo_as_paper_says_it_looks_like_a_podoscope(
    podoscope_file: tuple[Path, list[str]],
) -> None:
    path, _ = podoscope_file
    result = runner.invoke(build_app(), ["footprint", str(path), "--paper"])
    assert result.exit_code != 0
    assert "looks like a podoscope" in result.output


def test_paper_prints_are_seen_from_above(a4_photo: Path) -> None:
    data = json.loads(_run("footprint", str(a4_photo), "--paper", "--json").stdout)["report"]
    assert data["seen_from"] == "above"
