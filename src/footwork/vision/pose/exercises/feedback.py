"""Form feedback shared by the exercise analysers."""

from __future__ import annotations

from footwork.vision.pose.result import Finding, Rep


def flag_reps(
    reps: list[Rep], measure: str, below: float, code: str, message: str, severity: str
) -> list[Finding]:
    """One finding naming the reps whose ``measure`` is under ``below`` (none if no rep is).

    ``message`` has a ``{reps}`` slot that receives the rep numbers, e.g. "2, 4".
    """
    hits = [r.index for r in reps if r.measures[measure] < below]
    if not hits:
        return []
    return [Finding(code, message.format(reps=", ".join(str(i) for i in hits)), severity)]
