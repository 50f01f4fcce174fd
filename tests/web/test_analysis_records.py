"""A kept clip analysis has one typed shape (``AnalysisRecord``): what result.json holds is what
/api/analyses returns, key for key, and the OpenAPI document lists its fields."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from footwork.config import Settings
from footwork.services import analyses, sessions
from footwork.synth.motion import squat
from footwork.vision.pose.landmark_csv import write_landmark_csv


def _rep(index: int, side: str | None) -> dict[str, Any]:
    return {"index": index, "start_s": 1.0 * index, "peak_s": None, "end_s": 1.0 * index + 0.8,
            "duration_s": 0.8, "side": side, "direction": None, "view": None,
            "measures": {"depth": 0.42, "knees_out": None}}  # fmt: skip


# As footwork wrote result.json before the record had a type: a squat (no per-foot counts)
# and a per-foot exercise that counts no signal (no "counting").
SQUAT = {
    "id": "a" * 32, "created": "2026-11-20T07:31:05", "source_name": "Monday squat.mp4",
    "clip_kept": False, "annotated": "annotated.mp4", "plot": "plot.png",
    "guessed": {"exercise": "banded-squat", "confidence": 0.91}, "session_id": 4,
    "result": {
        "exercise": "banded-squat", "source": "Monday squat.mp4", "view": "front", "fps": 7.5,
        "frames": 90, "duration_s": 11.867, "reps": 2, "rep_list": [_rep(1, None), _rep(2, None)],
        "summary": {"depth": 0.41, "tempo_down_s": None},
        "findings": [{"code": "fast-down", "message": "Rep 2: slower on the way down.",
                      "severity": "warn", "rep": 2}],
        "warnings": [], "counting": {"signal": "depth", "enter": 0.3, "exit": 0.2},
    },
}  # fmt: skip
ROLL = {
    "id": "b" * 32, "created": "2026-11-21T18:02:00", "source_name": "rolls.csv",
    "clip_kept": True, "annotated": None, "plot": None, "guessed": None, "session_id": None,
    "result": {
        "exercise": "outward-roll", "source": "rolls.csv", "view": "side", "fps": 30.0,
        "frames": 300, "duration_s": 9.967, "reps": 1, "reps_by_side": {"left": 1, "right": 0},
        "rep_list": [_rep(1, "left")], "summary": {}, "findings": [],
        "warnings": ["The right foot was hidden."],
    },
}  # fmt: skip


def _keep(settings: Settings, record: dict[str, Any]) -> None:
    folder = analyses.analyses_dir(settings) / record["id"]
    folder.mkdir(parents=True)
    (folder / analyses.RESULT_FILE).write_text(json.dumps(record, indent=2), encoding="utf-8")


def _keys(value: Any) -> Any:
    """The keys at every level, in order (a key added or dropped anywhere shows)."""
    if isinstance(value, dict):
        return [(k, _keys(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_keys(v) for v in value]
    return None


def test_the_api_returns_each_kept_analysis_as_it_was_stored(sam: TestClient, settings: Settings):
    _keep(settings, SQUAT)
    _keep(settings, ROLL)
    listed = sam.get("/api/analyses").json()
    assert listed == [ROLL, SQUAT]  # newest first, nothing added, nothing lost
    assert _keys(listed) == _keys([ROLL, SQUAT])
    one = sam.get(f"/api/analyses/{ROLL['id']}").json()
    assert one == ROLL and _keys(one) == _keys(ROLL)


def test_a_new_analysis_is_stored_and_served_in_the_same_shape(
    sam: TestClient, settings: Settings, tmp_path: Path
):
    csv = write_landmark_csv(squat(reps=3, seed=2).seq, tmp_path / "squats.csv")
    analysis_id = uuid.uuid4().hex
    record = analyses.analyse_clip(
        settings, csv, "banded-squat", analysis_id, original_name="squats.csv", person="Sam",
        keep_clip=True,
    )  # fmt: skip
    stored = json.loads((analyses.analyses_dir(settings) / analysis_id / "result.json").read_text())
    assert stored["result"]["reps"] == record.result.reps == 3
    assert stored["result"]["source"] == "squats.csv"  # never the stored file's path
    [logged] = sessions.list_sessions(settings, "Sam")
    assert logged.note == "Analysed squats.csv"
    assert "reps_by_side" not in stored["result"]  # a squat is not counted per foot
    served = sam.get(f"/api/analyses/{analysis_id}").json()
    assert served == stored and _keys(served) == _keys(stored)


def test_the_openapi_document_lists_the_fields_of_an_analysis(client: TestClient):
    doc = client.get("/openapi.json").json()
    listed = doc["paths"]["/api/analyses"]["get"]["responses"]["200"]["content"]
    one = doc["paths"]["/api/analyses/{analysis_id}"]["get"]["responses"]["200"]["content"]
    assert listed["application/json"]["schema"]["items"] == {
        "$ref": "#/components/schemas/AnalysisRecord"
    }
    assert one["application/json"]["schema"] == {"$ref": "#/components/schemas/AnalysisRecord"}
    schemas = doc["components"]["schemas"]
    record = schemas["AnalysisRecord"]["properties"]
    assert set(SQUAT) <= set(record)
    result = schemas["ClipResultRecord"]
    assert set(ROLL["result"]) | set(SQUAT["result"]) <= set(result["properties"])
    assert "reps_by_side" not in result["required"] and "rep_list" in result["required"]
    assert set(_rep(1, None)) <= set(schemas["RepRecord"]["properties"])
