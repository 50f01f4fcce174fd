"""Heel circle: count full circles of the raised heel, per foot and per direction.

The foot up on its toes is the one whose heel is well above its own toe tip
(``raised_shin``). While that heel moves with its toes planted, its angle around the centre
of the movement (a fitted ellipse) is unwrapped into a running rotation; each time it has
gone most of a turn further (``full_circle_fraction``) one circle is counted. Circles are
turns, not excursions from rest, so they are counted by this winding counter rather than by
``footwork.vision.pose.reps.RepCounter``.

Direction is as seen in the picture. Image y points down, so with ``angle = atan2(dy, dx)``
of the heel's pixel offset from the centre, an *increasing* angle moves the heel from right
of the centre to below it, then left, then above: **clockwise on screen**. Filmed from
behind (the default), that is also clockwise for someone standing behind the person;
filmed from the front it is the mirror image.

Measures of one circle: ``radius_px`` (mean distance of the heel from the circle's centroid),
``radius_shin`` (the same in shin lengths), ``width_px`` (side-to-side extent) and
``seconds`` (time for the circle).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from footwork.vision.pose.exercises.feedback import flag_reps
from footwork.vision.pose.exercises.foot_tracks import clean_track, runs_of, shin_length_px
from footwork.vision.pose.exercises.thresholds import FOOT_CLEANING, FULL_TURN, HeelCircleThresholds
from footwork.vision.pose.result import AnalysisResult, Finding, Rep, ResultBuilder, SideName
from footwork.vision.pose.sequence import PoseSequence
from footwork.vision.pose.view import View, classify_view

SIDES: tuple[SideName, SideName] = ("left", "right")


@dataclass(frozen=True)
class Turn:
    """One counted circle: frame indices where it began and ended, and its direction."""

    start: int
    end: int
    sign: int  # +1 clockwise on screen, -1 counter-clockwise


@dataclass
class HeelTrace:
    """Per-frame signals of one heel.

    ``rotation`` (rad) the running angle around the centre of the current movement;
    ``radius`` (px) distance from that centre; ``moving`` raised and moving; ``active`` the
    movements (``moving`` with brief stops bridged); ``valid`` frames whose angle is trusted;
    ``heel`` and ``centre`` (T, 2) pixel positions.
    """

    rotation: np.ndarray
    radius: np.ndarray
    moving: np.ndarray
    active: np.ndarray
    valid: np.ndarray
    heel: np.ndarray
    centre: np.ndarray


def heel_trace(seq: PoseSequence, side: str, shin_px: float, th: HeelCircleThresholds) -> HeelTrace:
    """The heel's running angle around the centre of each movement it makes while raised.

    A *movement* is a stretch in which the raised heel keeps moving while the toes stay put
    (a foot stepping into place is not drawing a circle); stops shorter than ``stop_gap_s``
    are bridged. Its centre is that of the ellipse best fitting the heel's path, which lies
    inside the circles drawn (also when only part of one is drawn). Only frames where the
    heel moves, away from the centre, add rotation: a still heel's angle, or the angle of
    one close to the centre, is jitter.
    """
    cleaning = replace(FOOT_CLEANING, cutoff_hz=th.cutoff_hz, min_visibility=th.min_visibility)
    heel = clean_track(seq, f"{side}_heel", shin_px, cleaning)
    toe = clean_track(seq, f"{side}_foot_index", shin_px, cleaning)
    height = _moving_max(
        (toe[:, 1] - heel[:, 1]) / shin_px, max(1, round(th.raised_window_s * seq.fps))
    )
    speed, toe_speed = _speed(heel, seq.times), _speed(toe, seq.times)
    with np.errstate(invalid="ignore"):
        moving = (height > th.raised_shin) & (speed >= th.min_speed_shin_s * shin_px)
        moving &= toe_speed <= th.max_toe_speed_shin_s * shin_px
    unseen = ~np.isfinite(heel[:, 0])
    active = _bridge(moving, seq.fps, th.stop_gap_s, unseen=unseen, max_unseen_s=th.max_unseen_s)
    rotation, radius = np.zeros(len(seq)), np.full(len(seq), np.nan)
    valid = np.zeros(len(seq), dtype=bool)
    centre = np.full((len(seq), 2), np.nan)
    for start, stop in runs_of(active):
        span = slice(start, stop)
        centre[span] = fitted_centre(heel[span][moving[span]])
        rel = heel[span] - centre[span]
        radius[span] = np.hypot(rel[:, 0], rel[:, 1])
        typical = float(np.nanmedian(radius[span][moving[span]])) if moving[span].any() else 0.0
        floor = max(th.min_radius_shin * shin_px, th.on_circle_fraction * typical)
        with np.errstate(invalid="ignore"):
            valid[span] = moving[span] & (radius[span] >= floor)
        angle = np.arctan2(rel[:, 1], rel[:, 0])
        rotation[span] = _rotation(
            angle, valid[span], seq.times[span], FULL_TURN / th.min_circle_s, cleaning.max_gap_s
        )
    return HeelTrace(rotation, radius, moving, active, valid, heel, centre)


def fitted_centre(points: np.ndarray) -> np.ndarray:
    """Centre of the ellipse best fitting the heel's path (N, 2), robustly.

    A heel circle seen at an angle is an ellipse. Unlike the points' mean, the fitted centre
    stays at the middle of a partly drawn ellipse, so a half circle measures half a turn.
    Only points near the bulk of the path are fitted (within ``_NEAR`` times the median
    distance from the median point), and the fit is repeated without the points far off the
    first ellipse: the heel rising into position is not part of any circle. Falls back to
    the median point when fewer than 8 points remain or no ellipse fits.
    """
    pts = points[np.isfinite(points).all(axis=1)]
    if len(pts) < 8:
        return np.median(pts, axis=0) if len(pts) else np.zeros(2)
    fallback = np.median(pts, axis=0)
    dist = np.linalg.norm(pts - fallback, axis=1)
    pts = pts[dist <= _NEAR * np.median(dist)]
    conic = _ellipse_fit(pts) if len(pts) >= 8 else None
    if conic is None:
        return fallback
    keep = _ellipse_misfit(conic, pts) <= _ON_ELLIPSE
    if keep.sum() >= 8:
        refit = _ellipse_fit(pts[keep])
        conic = conic if refit is None else refit
    centre = _conic_centre(conic)
    low, high = pts.min(axis=0), pts.max(axis=0)
    if centre is None or np.any(centre < low) or np.any(centre > high):
        return fallback
    return centre


_NEAR = 2.5  # points further from the path's median point than this many median distances
_ON_ELLIPSE = 0.3  # a point whose scaled distance from the ellipse exceeds this is off it


def _ellipse_fit(pts: np.ndarray) -> np.ndarray | None:
    """Conic coefficients (a, b, c, d, e, f) of the direct least-squares ellipse fit
    (Fitzgibbon, Pilu & Fisher 1999, in the stable form of Halíř & Flusser 1998)."""
    x, y = pts[:, 0], pts[:, 1]
    d1 = np.column_stack([x * x, x * y, y * y])
    d2 = np.column_stack([x, y, np.ones_like(x)])
    s1, s2, s3 = d1.T @ d1, d1.T @ d2, d2.T @ d2
    try:
        t = -np.linalg.solve(s3, s2.T)
    except np.linalg.LinAlgError:
        return None
    m = s1 + s2 @ t
    m = np.array([m[2] / 2, -m[1], m[0] / 2])
    try:
        _, vectors = np.linalg.eig(m)
    except np.linalg.LinAlgError:
        return None
    vectors = np.real(vectors)
    ok = 4 * vectors[0] * vectors[2] - vectors[1] ** 2 > 0
    if not ok.any():
        return None
    a1 = vectors[:, np.flatnonzero(ok)[0]]
    return np.concatenate([a1, t @ a1])


def _conic_centre(conic: np.ndarray) -> np.ndarray | None:
    a, b, c, d, e, _ = conic
    den = b * b - 4 * a * c
    if den >= 0:
        return None
    return np.array([(2 * c * d - b * e) / den, (2 * a * e - b * d) / den])


def _ellipse_misfit(conic: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Roughly how far each point is from the ellipse, as a share of the ellipse's size."""
    centre = _conic_centre(conic)
    if centre is None:
        return np.zeros(len(pts))
    a, b, c, d, e, f = conic
    x, y = pts[:, 0], pts[:, 1]
    value = a * x * x + b * x * y + c * y * y + d * x + e * y + f
    at_centre = (
        a * centre[0] ** 2
        + b * centre[0] * centre[1]
        + c * centre[1] ** 2
        + d * centre[0]
        + e * centre[1]
        + f
    )
    # value/-at_centre is 0 on the ellipse, -1 at its centre, (r/R)^2 - 1 along a ray.
    return np.abs(np.sqrt(np.maximum(1.0 + value / -at_centre, 0.0)) - 1.0)


def _speed(track: np.ndarray, times: np.ndarray) -> np.ndarray:
    return np.hypot(np.gradient(track[:, 0], times), np.gradient(track[:, 1], times))


def _moving_max(values: np.ndarray, window: int) -> np.ndarray:
    """Centred maximum over ``window`` frames, ignoring NaN (NaN where the window has none)."""
    padded = np.pad(
        np.where(np.isfinite(values), values, -np.inf), window // 2, constant_values=-np.inf
    )
    out = np.lib.stride_tricks.sliding_window_view(padded, 2 * (window // 2) + 1).max(axis=1)
    return np.where(np.isfinite(out), out, np.nan)


def _rotation(
    angle: np.ndarray, valid: np.ndarray, times: np.ndarray, max_rate: float, max_gap_s: float
) -> np.ndarray:
    """Running rotation (rad): wrapped angle steps between consecutive usable frames.

    Steps across a gap longer than ``max_gap_s``, or turning faster than ``max_rate`` (rad/s:
    a tracking jump, or a heel crossing near the centre, where its angle swings), add nothing.
    """
    idx = np.flatnonzero(valid)
    steps = np.zeros(len(angle))
    if len(idx) > 1:
        d = np.angle(np.exp(1j * (angle[idx[1:]] - angle[idx[:-1]])))
        dt = times[idx[1:]] - times[idx[:-1]]
        ok = (dt <= max_gap_s) & (np.abs(d) <= max_rate * dt)
        steps[idx[1:]] = np.where(ok, d, 0.0)
    return np.cumsum(steps)


def count_turns(rotation: np.ndarray, active: np.ndarray, *, full_fraction: float) -> list[Turn]:
    """Full turns of ``rotation`` within each run of ``active`` frames, with hysteresis.

    Within a run, the k-th clockwise circle is counted once the rotation has risen
    ``(k - 1 + full_fraction)`` turns above its lowest point; counting one way resets the
    other way, so a change of direction starts a new count from where it turned.
    """
    turns: list[Turn] = []
    for start, stop in runs_of(active):
        turns += _turns_in_run(rotation[start:stop], full_fraction, offset=start)
    return turns


def _turns_in_run(rot: np.ndarray, full_fraction: float, offset: int) -> list[Turn]:
    found: list[Turn] = []
    lo_i = hi_i = 0
    cw = ccw = 0
    for i in range(len(rot)):
        if rot[i] < rot[lo_i]:
            lo_i, cw = i, 0
        if rot[i] > rot[hi_i]:
            hi_i, ccw = i, 0
        if rot[i] - rot[lo_i] >= FULL_TURN * (cw + full_fraction):
            cw += 1
            found.append(_timed(rot, lo_i, cw, +1, offset))
            hi_i, ccw = i, 0
        elif rot[hi_i] - rot[i] >= FULL_TURN * (ccw + full_fraction):
            ccw += 1
            found.append(_timed(rot, hi_i, ccw, -1, offset))
            lo_i, cw = i, 0
    return found


def sectors_seen(trace: HeelTrace, turn: Turn, sectors: int = 8) -> int:
    """In how many of ``sectors`` equal slices round the centre the heel was seen (at a
    trusted angle) during ``turn``.

    A real circle passes through all of them; rotation added by jumping across gaps (the
    heel crossing near the centre, or lost) leaves slices empty.
    """
    span = slice(turn.start, turn.end + 1)
    rel = trace.heel[span] - trace.centre[span]
    ok = trace.valid[span] & np.isfinite(rel).all(axis=1)
    angle = np.arctan2(rel[ok, 1], rel[ok, 0])
    return len(np.unique(np.floor((angle + np.pi) / (2 * np.pi / sectors)).astype(int) % sectors))


def _timed(rot: np.ndarray, origin: int, k: int, sign: int, offset: int) -> Turn:
    """Frames where the k-th turn from ``origin`` began and ended (or the run's furthest point)."""
    travel = sign * (rot[origin:] - rot[origin])
    start = origin + int(np.argmax(travel >= FULL_TURN * (k - 1)))
    reached = travel >= FULL_TURN * k
    end = origin + (int(np.argmax(reached)) if reached.any() else int(np.argmax(travel)))
    return Turn(start=start + offset, end=end + offset, sign=sign)


def analyze(seq: PoseSequence, th: HeelCircleThresholds = HeelCircleThresholds()) -> AnalysisResult:
    """Analyse a heel-circle clip: circles per foot and direction, size and speed."""
    view = classify_view(seq).view
    result = ResultBuilder(
        seq, exercise="heel-circle", view=str(view), per_side=True, per_direction=True
    )
    shin_px = shin_length_px(seq)
    if not np.isfinite(shin_px) or shin_px <= 0:
        result.warnings.append("No heel circles measured: the legs were not found in the clip.")
        return result.build()
    if view in (View.SIDE, View.UNKNOWN):
        result.warnings.append(_VIEW_WARNING)
    for side in SIDES:
        trace = heel_trace(seq, side, shin_px, th)
        if _mostly_hidden(seq, side, trace, th):
            result.warnings.append(
                f"The {side} heel was hidden much of the time it was up: its "
                "circles may be undercounted. Film from behind, feet in view."
            )
        result.signals[f"{side}_heel_rotation_turns"] = trace.rotation / FULL_TURN
        turns = count_turns(trace.rotation, trace.active, full_fraction=th.full_circle_fraction)
        reps = [_rep(seq, side, turn, trace, shin_px) for turn in turns]
        result.reps += [
            r
            for r, turn in zip(reps, turns, strict=True)
            if r.measures["radius_shin"] >= th.min_circle_shin
            and sectors_seen(trace, turn) >= th.min_sectors
        ]
    return result.build(summarise=_summary, review=lambda reps, _: _findings(reps, th))


_VIEW_WARNING = (
    "Heel circles are best filmed from behind (or in front), with both feet in the picture: "
    "from the side a circle looks like a line, so counts and directions may be wrong."
)


def _mostly_hidden(
    seq: PoseSequence, side: str, trace: HeelTrace, th: HeelCircleThresholds
) -> bool:
    """True if the heel was seen poorly during more than ``hidden_share`` of its movements."""
    if not trace.active.any():
        return False
    seen = seq.vis(f"{side}_heel")[trace.active]
    return bool(np.mean(~(seen >= th.seen_visibility)) > th.hidden_share)


def _bridge(
    mask: np.ndarray, fps: float, max_gap_s: float, *, unseen: np.ndarray, max_unseen_s: float
) -> np.ndarray:
    """``mask`` with short False runs between True runs set to True.

    A False run is bridged if it lasts at most ``max_gap_s``, or if it is mostly ``unseen``
    (nothing known, so nothing says the movement stopped) and lasts at most ``max_unseen_s``.
    """
    out = np.asarray(mask, dtype=bool).copy()
    for start, stop in runs_of(~out):
        if start == 0 or stop == len(out):
            continue
        seconds = (stop - start) / fps
        hidden = unseen[start:stop].mean() > 0.5
        if seconds <= max_gap_s or (hidden and seconds <= max_unseen_s):
            out[start:stop] = True
    return out


def _rep(seq: PoseSequence, side: SideName, turn: Turn, trace: HeelTrace, shin_px: float) -> Rep:
    path = trace.heel[turn.start : turn.end + 1]
    path = path[np.isfinite(path).all(axis=1)]
    if len(path):
        radius_px = float(np.mean(np.linalg.norm(path - path.mean(axis=0), axis=1)))
        width = float(np.ptp(path[:, 0]))
    else:
        radius_px = width = float("nan")
    t0, t1 = float(seq.times[turn.start]), float(seq.times[turn.end])
    return Rep(
        index=0,
        start_s=t0,
        end_s=t1,
        side=side,
        direction="clockwise" if turn.sign > 0 else "counter-clockwise",
        measures={
            "radius_px": radius_px,
            "radius_shin": radius_px / shin_px,
            "width_px": width,
            "seconds": t1 - t0,
        },
    )


def _summary(reps: list[Rep]) -> dict[str, float]:
    out: dict[str, float] = {}
    for side in SIDES:
        for direction in ("clockwise", "counter-clockwise"):
            group = [r for r in reps if r.side == side and r.direction == direction]
            key = f"{side}_{direction.replace('-', '_')}"
            out[f"circles_{key}"] = float(len(group))
            if group:
                out[f"seconds_per_circle_{key}"] = float(np.median([r.duration_s for r in group]))
                out[f"radius_shin_{key}"] = float(
                    np.median([r.measures["radius_shin"] for r in group])
                )
    return out


def _findings(reps: list[Rep], th: HeelCircleThresholds) -> list[Finding]:
    found: list[Finding] = []
    if not reps:
        found.append(
            Finding(
                "no-circles",
                "No full heel circle was seen. Rise onto the toes "
                "of the back foot and draw slow, wide circles with the heel.",
                "warn",
            )
        )
        return found
    found += flag_reps(
        reps, "seconds", th.slow_circle_s, "quick-circles",
        f"Circles {{reps}} were quick: take at least {th.slow_circle_s:.1f} s per circle so "
        "the toes stretch.", "warn",
    )  # fmt: skip
    found += flag_reps(
        reps, "radius_shin", th.small_circle_shin, "small-circles",
        "Circles {reps} were small: let the heel travel further so the toes roll in every "
        "direction.", "info",
    )  # fmt: skip
    found += _balance_findings(reps)
    return found


def _balance_findings(reps: list[Rep]) -> list[Finding]:
    found: list[Finding] = []
    for side in SIDES:
        counts = {
            d: sum(1 for r in reps if r.side == side and r.direction == d)
            for d in ("clockwise", "counter-clockwise")
        }
        if sum(counts.values()) and min(counts.values()) != max(counts.values()):
            found.append(
                Finding(
                    "direction-imbalance",
                    f"The {side} heel drew "
                    f"{counts['clockwise']} clockwise and {counts['counter-clockwise']} "
                    "counter-clockwise circles: do the same number each way.",
                    "info",
                )
            )
    if (
        sum(1 for r in reps if r.side == "left") == 0
        or sum(1 for r in reps if r.side == "right") == 0
    ):
        done = "left" if any(r.side == "left" for r in reps) else "right"
        found.append(
            Finding("one-foot-only", f"Only the {done} foot drew circles: do both feet.", "info")
        )
    return found
