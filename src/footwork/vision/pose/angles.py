"""Angle definitions as data, and the two ways of computing them from a PoseSequence.

* ``JointAngle``: the angle at ``vertex`` between the segments to ``a`` and ``b``, in degrees
  (180 = straight). Knee: hip–knee–ankle; hip: shoulder–hip–knee.
* ``Inclination``: the angle of the segment ``upper → lower`` from the image vertical, in
  degrees (0 = plumb). The lunge-test shin angle is the knee→ankle inclination: the measure
  an inclinometer on the tibia gives (science.md §2 and §7; Backman & Danielson 2011 report
  their 36.5° cut-off as this inclination).

2-D angles are true joint angles only when the limb moves in a plane facing the camera:
knee and hip angles need a side view, see ``footwork.vision.pose.view``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from footwork.vision.pose.sequence import PoseSequence


@dataclass(frozen=True)
class JointAngle:
    name: str
    a: str
    vertex: str
    b: str


@dataclass(frozen=True)
class Inclination:
    name: str
    upper: str
    lower: str


JOINT_ANGLES: dict[str, JointAngle] = {
    d.name: d
    for side in ("left", "right")
    for d in (
        JointAngle(f"{side}_knee", f"{side}_hip", f"{side}_knee", f"{side}_ankle"),
        JointAngle(f"{side}_hip", f"{side}_shoulder", f"{side}_hip", f"{side}_knee"),
        JointAngle(f"{side}_ankle", f"{side}_knee", f"{side}_ankle", f"{side}_foot_index"),
    )
}

INCLINATIONS: dict[str, Inclination] = {
    d.name: d
    for side in ("left", "right")
    for d in (
        Inclination(f"{side}_shin", f"{side}_knee", f"{side}_ankle"),
        Inclination(f"{side}_thigh", f"{side}_hip", f"{side}_knee"),
        Inclination(f"{side}_trunk", f"{side}_shoulder", f"{side}_hip"),
    )
}


def angle_between(a: np.ndarray, vertex: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Angle at ``vertex`` (degrees, 0..180) for (..., 2) point arrays; NaN if a segment is 0."""
    u, v = a - vertex, b - vertex
    nu, nv = np.linalg.norm(u, axis=-1), np.linalg.norm(v, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.sum(u * v, axis=-1) / (nu * nv)
    return np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))


def inclination_from_vertical(upper: np.ndarray, lower: np.ndarray) -> np.ndarray:
    """Angle (degrees, 0..180) of the segment upper→lower from straight down in the image."""
    d = lower - upper
    return np.degrees(np.arctan2(np.abs(d[..., 0]), d[..., 1]))


def joint_angle(seq: PoseSequence, name: str) -> np.ndarray:
    """(T,) degrees for one of ``JOINT_ANGLES``."""
    d = JOINT_ANGLES[name]
    return angle_between(seq.point(d.a), seq.point(d.vertex), seq.point(d.b))


def inclination(seq: PoseSequence, name: str) -> np.ndarray:
    """(T,) degrees from vertical for one of ``INCLINATIONS``."""
    d = INCLINATIONS[name]
    return inclination_from_vertical(seq.point(d.upper), seq.point(d.lower))
