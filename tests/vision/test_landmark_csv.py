"""The landmark CSV format: round trip, and clear refusals of files that cannot be right."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pytest

from footwork.errors import ImportRejected, NotFound
from footwork.vision.pose.landmark_csv import (
    landmark_columns,
    read_landmark_csv,
    write_landmark_csv,
)
from footwork.vision.pose.sequence import N_LANDMARKS, PoseSequence


def _sequence(frames: int = 12, with_z: bool = False) -> PoseSequence:
    rng = np.random.default_rng(7)
    xy = rng.uniform(50, 600, (frames, N_LANDMARKS, 2)).round(2)
    xy[3, 5] = np.nan  # a point not seen in one frame
    vis = rng.uniform(0, 1, (frames, N_LANDMARKS)).round(4)
    z = rng.uniform(-1, 1, (frames, N_LANDMARKS)).round(2) if with_z else None
    return PoseSequence(xy=xy, visibility=vis, times=np.arange(frames) / 25.0, fps=25.0,
                        width=640, height=640, z=z, source="test")  # fmt: skip


@pytest.mark.parametrize("with_z", [False, True])
def test_a_written_sequence_reads_back_the_same(tmp_path, with_z):
    seq = _sequence(with_z=with_z)
    back = read_landmark_csv(write_landmark_csv(seq, tmp_path / "pose.csv"))
    assert np.allclose(back.xy, seq.xy, equal_nan=True)
    assert np.allclose(back.visibility, seq.visibility)
    assert np.allclose(back.times, seq.times)
    assert (back.width, back.height, back.fps) == (640, 640, 25.0)
    assert (back.z is not None) == with_z
    same = PoseSequence.from_landmark_csv(tmp_path / "pose.csv")
    assert np.array_equal(same.xy, back.xy, equal_nan=True) and same.source == back.source


def _write(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", newline="") as fh:
        fh.write("# width=640 height=480 fps=10\n")
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _rows(n: int = 5, **override: object) -> tuple[list[str], list[list[object]]]:
    header = landmark_columns()
    rows = []
    for i in range(n):
        row: list[object] = [i / 10]
        for _ in range(N_LANDMARKS):
            row += [100 + i, 200, 0.9]
        rows.append(row)
    for key, (index, value) in override.items():
        rows[index][header.index(key)] = value
    return header, rows


def test_a_file_from_another_tool_without_the_size_line_is_read(tmp_path):
    header, rows = _rows()
    path = _write(tmp_path / "other.csv", header, rows)
    path.write_text(path.read_text().split("\n", 1)[1])
    seq = read_landmark_csv(path)
    assert len(seq) == 5 and seq.fps == pytest.approx(10.0)
    assert (seq.width, seq.height) == (104, 200)  # the extent of the points
    assert seq.point("nose")[0] == pytest.approx([100, 200])


def _refused(tmp_path: Path, header: list[str], rows: list[list[object]]) -> str:
    with pytest.raises(ImportRejected) as info:
        read_landmark_csv(_write(tmp_path / "bad.csv", header, rows))
    return str(info.value)


def test_missing_columns_are_named(tmp_path):
    header, rows = _rows()
    drop = [header.index("left_knee_x"), header.index("right_heel_visibility")]
    header = [h for i, h in enumerate(header) if i not in drop]
    rows = [[v for i, v in enumerate(r) if i not in drop] for r in rows]
    message = _refused(tmp_path, header, rows)
    assert "missing 2 column(s): left_knee_x, right_heel_visibility" in message


@pytest.mark.parametrize(
    ("override", "message"),
    [({"time_s": (2, -0.1)}, "row 4: time_s is negative"),
     ({"time_s": (3, 0.1)}, "row 5: time_s does not increase"),
     ({"time_s": (1, "")}, "every row needs a time_s"),
     ({"nose_visibility": (2, 1.5)}, "visibility values must lie between 0 and 1"),
     ({"left_ankle_y": (4, 90_000)}, "row 6: coordinates lie far outside"),
     ({"left_ankle_x": (0, "abc")}, "row 2, column left_ankle_x: 'abc' is not a number")],
)  # fmt: skip
def test_nonsense_values_are_refused_with_the_row(tmp_path, override, message):
    header, rows = _rows(**override)
    assert message in _refused(tmp_path, header, rows)


def test_a_file_with_no_coordinates_at_all_is_refused(tmp_path):
    header, rows = _rows()
    rows = [[r[0]] + ["" if (i % 3) != 2 else 0 for i in range(len(r) - 1)] for r in rows]
    assert "no landmark coordinates" in _refused(tmp_path, header, rows)


def test_normalised_coordinates_with_a_pixel_frame_size_are_refused(tmp_path):
    header, rows = _rows()
    rows = [[r[0]] + [0.5 if (i % 3) != 2 else 0.9 for i in range(len(r) - 1)] for r in rows]
    assert "between 0 and 1 but the frame is 640" in _refused(tmp_path, header, rows)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "is empty"),
        (",".join(landmark_columns()) + "\n", "header but no frames"),
        ("time_s,nose_x\n0,1\n", "missing 98 column(s): nose_y, nose_visibility"),
    ],
)
def test_empty_files_are_refused(tmp_path, content, message):
    path = tmp_path / "empty.csv"
    path.write_text(content)
    with pytest.raises(ImportRejected, match=re.escape(message)):
        read_landmark_csv(path)


def test_a_missing_file_is_not_found(tmp_path):
    with pytest.raises(NotFound):
        read_landmark_csv(tmp_path / "nope.csv")
