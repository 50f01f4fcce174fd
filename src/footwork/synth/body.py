"""A simple articulated 3-D body for the motion generator.

World frame (metres): x toward the person's right, y forward (the way they face at rest), z up;
the floor is z = 0. Segment lengths come from anthropometric ratios of standing height
(Drillis & Contini ratios as tabulated by Winter, *Biomechanics and Motor Control of Human
Movement*), so one ``height_m`` fixes the whole body.

Every pose function works on whole time series: inputs are (T,) or (T, 3) arrays, outputs are
(T, 3) arrays, so a clip of thousands of frames is built without a Python loop per frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

UP = np.array([0.0, 0.0, 1.0])


@dataclass(frozen=True)
class Body:
    """Segment lengths (metres) of one person, from height ratios."""

    height_m: float = 1.75

    def _r(self, ratio: float) -> float:
        return ratio * self.height_m

    @property
    def shin(self) -> float:  # ankle joint → knee joint (knee height 0.285 H, ankle 0.039 H)
        return self._r(0.246)

    @property
    def thigh(self) -> float:  # knee joint → hip joint (hip height 0.530 H)
        return self._r(0.245)

    @property
    def trunk(self) -> float:  # hip centre → shoulder centre (shoulder height 0.818 H)
        return self._r(0.288)

    @property
    def hip_half_width(self) -> float:  # half the distance between hip joint centres
        return self._r(0.052)

    @property
    def shoulder_half_width(self) -> float:
        return self._r(0.105)

    @property
    def upper_arm(self) -> float:
        return self._r(0.186)

    @property
    def forearm(self) -> float:
        return self._r(0.146)

    @property
    def foot_length(self) -> float:
        return self._r(0.152)

    @property
    def foot_width(self) -> float:
        return self._r(0.055)

    @property
    def ankle_height(self) -> float:
        return self._r(0.039)

    def segment_lengths(self) -> dict[str, float]:
        """The rigid leg segments whose 3-D length must never change."""
        return {"thigh": self.thigh, "shin": self.shin}


def unit(v: np.ndarray) -> np.ndarray:
    """Row-wise unit vectors of a (T, 3) array."""
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def heading_axes(yaw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(forward, right) horizontal unit vectors for heading ``yaw``.

    ``yaw`` is in radians: 0 faces +y, positive turns to the left.
    """
    forward = np.stack([-np.sin(yaw), np.cos(yaw), np.zeros_like(yaw)], axis=-1)
    right = np.stack([np.cos(yaw), np.sin(yaw), np.zeros_like(yaw)], axis=-1)
    return forward, right


def two_link_knee(
    hip: np.ndarray, ankle: np.ndarray, thigh: float, shin: float, bend_dir: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Knee position by two-link inverse kinematics, and the (possibly pulled-in) ankle.

    The knee bends toward ``bend_dir`` (T, 3). If the ankle is out of reach it is pulled along
    the hip→ankle line to 99.9 % of full reach, so both segment lengths always hold exactly.
    """
    span = ankle - hip
    dist = np.linalg.norm(span, axis=-1, keepdims=True)
    reach = 0.999 * (thigh + shin)
    ankle = np.where(dist > reach, hip + span / dist * reach, ankle)
    dist = np.minimum(dist, reach)
    axis = span / np.maximum(dist, 1e-9)
    along = (thigh**2 - shin**2 + dist**2) / (2 * dist)
    height = np.sqrt(np.maximum(thigh**2 - along**2, 0.0))
    side = bend_dir - np.sum(bend_dir * axis, axis=-1, keepdims=True) * axis
    return hip + along * axis + height * unit(side), ankle


def max_hip_height(ankle: np.ndarray, hip_xy: np.ndarray, thigh: float, shin: float) -> np.ndarray:
    """Highest hip height (T,) at horizontal position ``hip_xy`` that still reaches ``ankle``."""
    reach = 0.995 * (thigh + shin)
    horiz2 = np.sum((ankle[:, :2] - hip_xy) ** 2, axis=-1)
    return ankle[:, 2] + np.sqrt(np.maximum(reach**2 - horiz2, 0.0))


@dataclass
class FootPose:
    """Where one foot is and how it is turned, per frame.

    ``ball`` (T, 3) is the ball of the foot on the floor; ``yaw`` (T,) its heading; ``pitch``
    (T,) how far the heel is raised by rotating the foot about the ball (rad); ``roll`` (T,)
    inversion about the outer (little-toe) edge (rad, + lifts the inner edge); ``swing`` (T,)
    sideways turn of the heel about the vertical through the ball (rad, + moves the heel outward).
    """

    ball: np.ndarray
    yaw: np.ndarray
    pitch: np.ndarray
    roll: np.ndarray
    swing: np.ndarray

    @classmethod
    def flat(cls, ball: np.ndarray, yaw: float = 0.0) -> FootPose:
        n = len(ball)
        zeros = np.zeros(n)
        return cls(
            ball=ball,
            yaw=np.full(n, yaw),
            pitch=zeros.copy(),
            roll=zeros.copy(),
            swing=zeros.copy(),
        )


def foot_landmarks(body: Body) -> dict[str, np.ndarray]:
    """Ankle, heel and toe tip of a flat foot in the local frame at the ball (a, l, u)."""
    fl, h_a = body.foot_length, body.ankle_height
    return {
        "ankle": np.array([-0.50 * fl, 0.0, h_a]),
        "heel": np.array([-0.72 * fl, 0.0, 0.012 * body.height_m]),
        "foot_index": np.array([0.28 * fl, 0.0, 0.008 * body.height_m]),
    }


def foot_points(
    body: Body, pose: FootPose, outward: float, local: dict[str, np.ndarray] | None = None
) -> dict[str, np.ndarray]:
    """World (T, 3) positions of points of one foot: by default ankle, heel and toe tip.

    ``outward`` is +1 for a right foot (its outer edge points to +x at yaw 0), -1 for a left.
    ``local`` gives other points in the local frame at the ball: a = forward, l = outward,
    u = up. Points behind the ball (a < 0) rise with the heel; the toes stay on the floor.
    """
    local = foot_landmarks(body) if local is None else local
    forward, right = heading_axes(pose.yaw)
    out_dir = right * outward
    result = {}
    for name, p in local.items():
        a, lat, u = _pitch_swing(p, pose, raise_heel=p[0] < 0)
        a, lat, u = _roll_outer_edge(a, lat, u, pose.roll, half_width=body.foot_width / 2)
        result[name] = pose.ball + a[:, None] * forward + lat[:, None] * out_dir + u[:, None] * UP
    return result


def _pitch_swing(
    p: np.ndarray, pose: FootPose, *, raise_heel: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(pose.pitch)
    a0, l0, u0 = (np.full(n, c) for c in p)
    if not raise_heel:
        return a0, l0, u0
    e = pose.pitch
    horiz = a0 * np.cos(e) + u0 * np.sin(e)
    u = u0 * np.cos(e) - a0 * np.sin(e)
    # Swing turns the part behind the ball about the vertical through the ball.
    a = horiz * np.cos(pose.swing)
    lat = l0 - horiz * np.sin(pose.swing)
    return a, lat, u


def _roll_outer_edge(
    a: np.ndarray, lat: np.ndarray, u: np.ndarray, roll: np.ndarray, *, half_width: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rotate about the outer edge line (lat = half_width, u = 0) so the inner edge lifts."""
    rel = lat - half_width
    new_lat = half_width + rel * np.cos(roll) + u * np.sin(roll)
    new_u = u * np.cos(roll) - rel * np.sin(roll)
    return a, new_lat, new_u


@dataclass
class Posture:
    """Per-frame controls of the whole body; every array has T rows.

    ``pelvis`` (T, 3) is the hip centre (its height is lowered where a leg could not reach its
    foot); ``yaw`` the body heading; ``lean`` the trunk's forward lean (rad); ``knee_out`` how
    far the knees point outward (0 = straight ahead, 1 = 45°); ``arm_flex`` shoulder flexion
    (0 = arms hanging, π/2 = reaching forward); ``elbow_flex`` elbow bend (rad).
    """

    pelvis: np.ndarray
    yaw: np.ndarray
    lean: np.ndarray
    feet: dict[str, FootPose]
    knee_out: np.ndarray
    arm_flex: np.ndarray
    elbow_flex: np.ndarray


SIDES: tuple[str, str] = ("left", "right")
_OUTWARD = {"left": -1.0, "right": 1.0}


def build_skeleton(body: Body, posture: Posture) -> dict[str, np.ndarray]:
    """World (T, 3) positions of all 33 BlazePose landmarks (by name) for a posture."""
    forward, right = heading_axes(posture.yaw)
    pts: dict[str, np.ndarray] = {}
    feet = {s: foot_points(body, posture.feet[s], _OUTWARD[s]) for s in SIDES}
    pelvis = _reachable_pelvis(body, posture.pelvis, right, feet)
    for s in SIDES:
        hip = pelvis + _OUTWARD[s] * body.hip_half_width * right
        bend = forward + posture.knee_out[:, None] * _OUTWARD[s] * right
        knee, ankle = two_link_knee(hip, feet[s]["ankle"], body.thigh, body.shin, bend)
        pts[f"{s}_hip"], pts[f"{s}_knee"], pts[f"{s}_ankle"] = hip, knee, ankle
        pts[f"{s}_heel"], pts[f"{s}_foot_index"] = feet[s]["heel"], feet[s]["foot_index"]
    trunk_up = unit(UP * np.cos(posture.lean)[:, None] + forward * np.sin(posture.lean)[:, None])
    neck = pelvis + body.trunk * trunk_up
    pts.update(_head(body, neck, trunk_up, forward, right))
    for s in SIDES:
        pts.update(_arm(body, posture, s, neck, trunk_up, forward, right))
    return pts


def _reachable_pelvis(
    body: Body, pelvis: np.ndarray, right: np.ndarray, feet: dict[str, dict[str, np.ndarray]]
) -> np.ndarray:
    z = pelvis[:, 2].copy()
    for s in SIDES:
        hip_xy = (pelvis + _OUTWARD[s] * body.hip_half_width * right)[:, :2]
        z = np.minimum(z, max_hip_height(feet[s]["ankle"], hip_xy, body.thigh, body.shin))
    out = pelvis.copy()
    out[:, 2] = z
    return out


def _head(
    body: Body, neck: np.ndarray, up: np.ndarray, fwd: np.ndarray, right: np.ndarray
) -> dict[str, np.ndarray]:
    h = body.height_m
    nose = neck + 0.11 * h * up + 0.05 * h * fwd
    pts = {"nose": nose}
    eye_base = nose + 0.022 * h * up - 0.012 * h * fwd
    for s, sign in (("left", -1.0), ("right", 1.0)):
        for part, off in (("_eye_inner", 0.010), ("_eye", 0.018), ("_eye_outer", 0.026)):
            pts[f"{s}{part}"] = eye_base + sign * off * h * right
        pts[f"{s}_ear"] = nose + 0.01 * h * up - 0.055 * h * fwd + sign * 0.042 * h * right
        pts[f"mouth_{s}"] = nose - 0.022 * h * up - 0.008 * h * fwd + sign * 0.014 * h * right
    return pts


def _arm(
    body: Body,
    posture: Posture,
    side: str,
    neck: np.ndarray,
    up: np.ndarray,
    fwd: np.ndarray,
    right: np.ndarray,
) -> dict[str, np.ndarray]:
    out = _OUTWARD[side] * right
    shoulder = neck + body.shoulder_half_width * out
    flex, elbow_flex = posture.arm_flex[:, None], posture.elbow_flex[:, None]
    upper = unit(-up * np.cos(flex) + fwd * np.sin(flex) + 0.12 * out)
    fore_angle = flex + elbow_flex
    fore = unit(-up * np.cos(fore_angle) + fwd * np.sin(fore_angle) + 0.08 * out)
    elbow = shoulder + body.upper_arm * upper
    wrist = elbow + body.forearm * fore
    h = body.height_m
    return {
        f"{side}_shoulder": shoulder,
        f"{side}_elbow": elbow,
        f"{side}_wrist": wrist,
        f"{side}_pinky": wrist + 0.055 * h * fore + 0.015 * h * out,
        f"{side}_index": wrist + 0.060 * h * fore - 0.010 * h * out,
        f"{side}_thumb": wrist + 0.035 * h * fore - 0.020 * h * out + 0.01 * h * fwd,
    }
