"""How each per-rep measure (a key of ``Rep.measures``) is shown to people: its label, unit
and number format. The one mapping every interface uses (the web rep table, the CLI
``analyze`` table), so "descent_s 1.44" reads "down 1.4 s" everywhere.

The keys and their meaning are documented where they are measured (``exercises/*.py``) and in
docs/video-analysis.md; a key missing here still shows, labelled from its name and suffix.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RepMeasure:
    """``label`` for prose and tables, ``short`` for narrow column headings; the stored value
    is multiplied by ``scale`` and shown with ``digits`` decimals and ``unit``."""

    label: str
    short: str
    unit: str = ""
    scale: float = 1.0
    digits: int = 1
    yes_no: bool = False

    def number_text(self, value: float) -> str:
        """The number alone, e.g. "1.4", "42", "yes" (for a column whose heading has the unit)."""
        if self.yes_no:
            return "yes" if value >= 0.5 else "no"
        return f"{value * self.scale:.{self.digits}f}"

    def value_text(self, value: float) -> str:
        """The number with its unit, e.g. "1.4 s", "42%", "yes"."""
        number = self.number_text(value)
        if not self.unit:
            return number
        return f"{number}{self.unit}" if self.unit in _TIGHT_UNITS else f"{number} {self.unit}"

    @property
    def heading(self) -> str:
        """A short column heading that names the unit, e.g. "down (s)", "knee (°)"."""
        return f"{self.short} ({self.unit})" if self.unit else self.short


_TIGHT_UNITS = {"°", "%"}  # written without a space: 42°, 35%

# fmt: off
REP_MEASURES: dict[str, RepMeasure] = {
    # squat and banded squat (squat_form.py)
    "depth": RepMeasure("depth (hip drop, % of standing hip height)", "depth", "%", 100, 0),
    "descent_s": RepMeasure("down", "down", "s"),
    "bottom_s": RepMeasure("hold at the bottom", "bottom", "s"),
    "ascent_s": RepMeasure("up", "up", "s"),
    "knee_angle_deg": RepMeasure("knee angle at the bottom", "knee", "°", digits=0),
    "hip_angle_deg": RepMeasure("hip angle at the bottom", "hip", "°", digits=0),
    "hip_below_knee": RepMeasure("hips below knees", "hip<knee", yes_no=True),
    "knees_out_ratio": RepMeasure("knees out (knee ÷ ankle width)", "knees out", digits=2),
    "heel_lift": RepMeasure("heel lift (% of standing hip height)", "heel lift", "%", 100, 0),
    "hold_s": RepMeasure("held down", "held", "s"),
    "pulses": RepMeasure("pulses while held down", "pulses", digits=0),
    # heel raise (heel_raise.py)
    "rise": RepMeasure("heel rise (% of shin length)", "rise", "%", 100, 0),
    "up_s": RepMeasure("up", "up", "s"),
    "top_s": RepMeasure("hold at the top", "top", "s"),
    "down_s": RepMeasure("down", "down", "s"),
    # heel circle (heel_circle.py)
    "radius_shin": RepMeasure("circle radius (% of shin length)", "radius", "%", 100, 0),
    "radius_px": RepMeasure("circle radius in the picture", "radius", "px", digits=0),
    "width_px": RepMeasure("circle width in the picture", "width", "px", digits=0),
    "seconds": RepMeasure("circle time", "time", "s"),
    # outward roll (outward_roll.py)
    "roll_deg": RepMeasure("roll", "roll", "°", digits=0),
    "pause_s": RepMeasure("pause at the end", "pause", "s"),
    "out_s": RepMeasure("rolling out", "out", "s"),
    "back_s": RepMeasure("rolling back", "back", "s"),
    # lunge test (lunge_test.py)
    "max_shin_angle_deg": RepMeasure("shin angle, heel down", "shin", "°", digits=0),
    "max_shin_angle_any_deg": RepMeasure("shin angle, any frame", "shin any", "°", digits=0),
    "heel_lift_s": RepMeasure("heel up", "heel up", "s"),
}
# fmt: on

_SUFFIX_UNITS = (("_deg", "°"), ("_s", "s"), ("_px", "px"))


def rep_measure(key: str) -> RepMeasure:
    """The display of ``key``; an unknown key is labelled from its name and unit suffix."""
    if key in REP_MEASURES:
        return REP_MEASURES[key]
    for suffix, unit in _SUFFIX_UNITS:
        if key.endswith(suffix):
            name = key.removesuffix(suffix).replace("_", " ")
            return RepMeasure(name, name, unit)
    name = key.replace("_", " ")
    return RepMeasure(name, name, digits=2)


def measure_text(key: str, value: float) -> str:
    """One measure as prose: "down 1.4 s", "knees out (knee ÷ ankle width) 1.09"."""
    m = rep_measure(key)
    return f"{m.label} {m.value_text(value)}"
