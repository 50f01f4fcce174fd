"""The rep tables of a clip analysis (web page and `footwork analyze`) show labels and units,
never the raw measure keys of the analysis JSON."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from footwork.cli.main import build_app
from footwork.config import Settings
from footwork.services import analyses
from footwork.synth.motion import squat
from footwork.vision.pose.landmark_csv import write_landmark_csv

RAW_KEYS = ("descent_s", "descent s", "knees_out_ratio", "knees out ratio", "bottom_s")


def _banded_squat_csv(folder: Path) -> Path:
    return write_landmark_csv(squat(reps=2, knees_out=0.3, seed=3).seq, folder / "squat.csv")


def test_the_web_rep_table_labels_each_measure_with_its_unit(
    sam: TestClient, settings: Settings, tmp_path: Path
):
    analysis_id = "a" * 32
    analyses.analyse_clip(
        settings, _banded_squat_csv(tmp_path), "banded-squat", analysis_id,
        original_name="squats.csv", person="Sam", keep_clip=True,
    )  # fmt: skip
    page = sam.get(f"/check/{analysis_id}").text
    table = page.split('<table id="reps"')[1].split("</table>")[0]
    assert "down 2.0 s" in table and "knees out (knee ÷ ankle width) 1.3" in table
    assert "depth (hip drop, % of standing hip height) 42%" in table
    assert not any(raw in table for raw in RAW_KEYS)


def test_the_cli_rep_table_heads_each_column_with_its_unit(settings: Settings, tmp_path: Path):
    result = CliRunner().invoke(
        build_app(), ["analyze", str(_banded_squat_csv(tmp_path)), "-e", "banded-squat"]
    )
    assert result.exit_code == 0, result.output
    heading = next(line for line in result.stdout.splitlines() if "time (s)" in line)
    assert "down (s)" in heading and "depth (%)" in heading and "knees out" in heading
    assert not any(raw in result.stdout for raw in RAW_KEYS)
