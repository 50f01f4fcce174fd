"""The landmark CSV format: a pose sequence from footwork or from another pose tool.

One row per frame. Columns:

    time_s                 seconds from the start, increasing
    <name>_x, <name>_y     pixels, origin top-left, y down (empty = not seen)
    <name>_visibility      0..1
    <name>_z               optional, the model's relative depth

for each of the 33 BlazePose landmark names (``nose``, ``left_shoulder``, ... see
``footwork.vision.pose.sequence.LANDMARK_NAMES``). Optional ``# width=W height=H fps=F``
comment on the first line gives the frame size; without it the size is taken from the
extent of the points.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from footwork.errors import Fix, ImportRejected, NotFound
from footwork.vision.pose.sequence import LANDMARK_NAMES, N_LANDMARKS, PoseSequence

_FRAME_SLACK = 1.0  # the model guesses points outside the picture (a head cut off at the top)
_FIX = "Write the file with footwork's pose export of the clip, or fix the columns listed."


def landmark_columns(with_z: bool = False) -> list[str]:
    cols = ["time_s"]
    for name in LANDMARK_NAMES:
        cols += [f"{name}_x", f"{name}_y", f"{name}_visibility"]
        if with_z:
            cols.append(f"{name}_z")
    return cols


def write_landmark_csv(seq: PoseSequence, path: Path) -> Path:
    """Write ``seq`` in the landmark CSV format; NaN coordinates are written empty."""
    with_z = seq.z is not None
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        fh.write(f"# width={seq.width} height={seq.height} fps={seq.fps:.6g}\n")
        writer = csv.writer(fh)
        writer.writerow(landmark_columns(with_z))
        for i in range(len(seq)):
            writer.writerow(_row(seq, i, with_z))
    return path


def _row(seq: PoseSequence, i: int, with_z: bool) -> list[str]:
    row = [f"{seq.times[i]:.4f}"]
    for j in range(N_LANDMARKS):
        x, y = seq.xy[i, j]
        row += [_num(x), _num(y), f"{seq.visibility[i, j]:.4f}"]
        if with_z:
            assert seq.z is not None
            row.append(_num(seq.z[i, j]))
    return row


def _num(v: float) -> str:
    return "" if not np.isfinite(v) else f"{v:.2f}"


def read_landmark_csv(path: Path) -> PoseSequence:
    """Read a landmark CSV into a PoseSequence; ImportRejected says what is wrong and where."""
    if not path.exists():
        raise NotFound(f"No file at {path}.", hint="Check the path and try again.")
    header, meta, rows = _read_table(path)
    table = _to_array(rows, header, path)
    col = {name: i for i, name in enumerate(header)}
    times = table[:, col["time_s"]]
    xy = np.stack([table[:, [col[f"{n}_x"], col[f"{n}_y"]]] for n in LANDMARK_NAMES], axis=1)
    vis = np.stack([table[:, col[f"{n}_visibility"]] for n in LANDMARK_NAMES], axis=1)
    z = _optional_z(table, col)
    width, height = _frame_size(meta, xy)
    _check_values(times, xy, vis, width, height, path)
    fps = meta.get("fps") or _fps_from(times)
    return PoseSequence(
        xy=xy, visibility=np.nan_to_num(vis, nan=0.0), times=times, fps=float(fps),
        width=int(width), height=int(height), z=z, source=str(path),
    )  # fmt: skip


def _read_table(path: Path) -> tuple[list[str], dict[str, float], list[list[str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (UnicodeDecodeError, OSError) as exc:
        raise ImportRejected(
            f"{path.name} is not a readable text CSV ({exc}).", hint=_FIX, fix=Fix.LANDMARK_FILE
        ) from exc
    lines = text.splitlines()
    meta: dict[str, float] = {}
    while lines and lines[0].startswith("#"):
        meta |= _parse_meta(lines.pop(0))
    reader = list(csv.reader(lines))
    if not reader:
        raise ImportRejected(f"{path.name} is empty.", hint=_FIX, fix=Fix.LANDMARK_FILE)
    header = [h.strip() for h in reader[0]]
    _check_columns(header, path)
    rows = [r for r in reader[1:] if any(cell.strip() for cell in r)]
    if not rows:
        raise ImportRejected(
            f"{path.name} has a header but no frames.", hint=_FIX, fix=Fix.LANDMARK_FILE
        )
    return header, meta, rows


def _parse_meta(line: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for part in line.lstrip("#").split():
        key, _, value = part.partition("=")
        try:
            out[key.strip()] = float(value)
        except ValueError:
            continue
    return out


def _check_columns(header: list[str], path: Path) -> None:
    missing = [c for c in landmark_columns() if c not in header]
    if not missing:
        return
    shown = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
    raise ImportRejected(
        f"{path.name} is missing {len(missing)} column(s): {shown}.",
        hint=_FIX,
        fix=Fix.LANDMARK_FILE,
    )


def _to_array(rows: list[list[str]], header: list[str], path: Path) -> np.ndarray:
    table = np.full((len(rows), len(header)), np.nan)
    for r, row in enumerate(rows):
        if len(row) != len(header):
            raise ImportRejected(
                f"{path.name} row {r + 2} has {len(row)} values for {len(header)} columns.",
                hint=_FIX,
                fix=Fix.LANDMARK_FILE,
            )
        for c, cell in enumerate(row):
            table[r, c] = _cell(cell, r, header[c], path)
    return table


def _cell(cell: str, r: int, column: str, path: Path) -> float:
    cell = cell.strip()
    if cell == "" or cell.lower() == "nan":
        return np.nan
    try:
        return float(cell)
    except ValueError:
        raise ImportRejected(
            f"{path.name} row {r + 2}, column {column}: {cell!r} is not a number.",
            hint=_FIX,
            fix=Fix.LANDMARK_FILE,
        ) from None


def _optional_z(table: np.ndarray, col: dict[str, int]) -> np.ndarray | None:
    if not all(f"{n}_z" in col for n in LANDMARK_NAMES):
        return None
    return np.stack([table[:, col[f"{n}_z"]] for n in LANDMARK_NAMES], axis=1)


def _frame_size(meta: dict[str, float], xy: np.ndarray) -> tuple[float, float]:
    if meta.get("width", 0) > 0 and meta.get("height", 0) > 0:
        return meta["width"], meta["height"]
    finite = xy[np.isfinite(xy).all(axis=2)]
    if finite.size == 0:
        return 1.0, 1.0
    return max(1.0, float(np.ceil(finite[:, 0].max()))), max(
        1.0, float(np.ceil(finite[:, 1].max()))
    )


def _check_values(
    times: np.ndarray, xy: np.ndarray, vis: np.ndarray, width: float, height: float, path: Path
) -> None:
    name = path.name
    if not np.isfinite(times).all():
        raise ImportRejected(
            f"{name}: every row needs a time_s value.", hint=_FIX, fix=Fix.LANDMARK_FILE
        )
    if (times < 0).any():
        row = int(np.argmax(times < 0)) + 2
        raise ImportRejected(
            f"{name} row {row}: time_s is negative.", hint=_FIX, fix=Fix.LANDMARK_FILE
        )
    if len(times) > 1 and (np.diff(times) <= 0).any():
        row = int(np.argmax(np.diff(times) <= 0)) + 3
        raise ImportRejected(
            f"{name} row {row}: time_s does not increase.", hint=_FIX, fix=Fix.LANDMARK_FILE
        )
    if not np.isfinite(xy).any():
        raise ImportRejected(
            f"{name} has no landmark coordinates (all empty or NaN).",
            hint=_FIX,
            fix=Fix.LANDMARK_FILE,
        )
    seen = vis[np.isfinite(vis)]
    if seen.size and (seen.min() < 0 or seen.max() > 1):
        raise ImportRejected(
            f"{name}: visibility values must lie between 0 and 1.", hint=_FIX, fix=Fix.LANDMARK_FILE
        )
    _check_extent(xy, width, height, name)
    if width > 16 and np.nanmax(np.abs(xy)) <= 1.5:
        raise ImportRejected(
            f"{name}: all coordinates are between 0 and 1 but the frame is "
            f"{int(width)}×{int(height)} pixels. Multiply normalised coordinates by the frame "
            "size.",
            hint=_FIX,
            fix=Fix.LANDMARK_FILE,
        )


def _check_extent(xy: np.ndarray, width: float, height: float, name: str) -> None:
    with np.errstate(invalid="ignore"):
        x_bad = (xy[..., 0] < -_FRAME_SLACK * width) | (xy[..., 0] > (1 + _FRAME_SLACK) * width)
        y_bad = (xy[..., 1] < -_FRAME_SLACK * height) | (xy[..., 1] > (1 + _FRAME_SLACK) * height)
    if (x_bad | y_bad).any():
        row = int(np.argmax((x_bad | y_bad).any(axis=1))) + 2
        raise ImportRejected(
            f"{name} row {row}: coordinates lie far outside the {int(width)}×{int(height)} frame. "
            "Coordinates must be pixels (not 0–1 fractions or metres).",
            hint=_FIX,
            fix=Fix.LANDMARK_FILE,
        )


def _fps_from(times: np.ndarray) -> float:
    if len(times) < 2:
        return 1.0
    step = float(np.median(np.diff(times)))
    return 1.0 / step if step > 0 else 1.0
