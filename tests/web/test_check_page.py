"""The page of a finished clip analysis, as the form check shows it."""

from __future__ import annotations

import uuid
from pathlib import Path

from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.services import analyses
from footwork.synth.motion import Tempo, squat
from footwork.vision.pose.landmark_csv import write_landmark_csv


def test_each_form_finding_names_its_rep_once(sam: TestClient, settings: Settings, tmp_path: Path):
    fast = Tempo(out_s=1.0, hold_s=0.3, back_s=1.0, rest_s=0.8)  # too quick on the way down
    csv = write_landmark_csv(squat(reps=3, tempo=fast, seed=1).seq, tmp_path / "squats.csv")
    analysis_id = uuid.uuid4().hex
    record = analyses.analyse_clip(
        settings, csv, "banded-squat", analysis_id, original_name="squats.csv", person="Sam",
        keep_clip=True,
    )  # fmt: skip
    about_a_rep = [f for f in record.result.findings if f.rep]
    assert about_a_rep, "the quick squats should have drawn a finding about a rep"
    page = sam.get(f"/check/{analysis_id}").text
    for finding in about_a_rep:
        assert finding.message.startswith(f"Rep {finding.rep}: ")
        assert finding.message in page
        assert f"Rep {finding.rep}: {finding.message}" not in page
