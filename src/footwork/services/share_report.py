"""The report a person shares (with a coach or a clinician): assessment, plan and progress,
with the progress chart drawn as a picture."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from footwork.config import Settings
from footwork.services import planning, progress
from footwork.services.charts import progress_chart
from footwork.services.planning import PersonPlan
from footwork.services.progress import ProgressReport


@dataclass(frozen=True)
class ShareReport:
    """Everything the printable report shows: assessment, plan and progress."""

    plan: PersonPlan
    progress: ProgressReport
    chart: Path | None = None


def share_report(
    settings: Settings, person: str | None, today: date | None = None, chart: Path | None = None
) -> ShareReport:
    """The report's content; with ``chart``, also the progress chart drawn as a PNG there."""
    pp = planning.current_plan(settings, person, today)
    rep = progress.report(settings, pp.person, today)
    return ShareReport(pp, rep, progress_chart(rep, chart) if chart else None)
