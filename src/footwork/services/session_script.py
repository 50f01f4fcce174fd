"""The script of today's coached session: the plan's exercises as timed steps (sets, holds,
rests), ready for a coach to play through."""

from __future__ import annotations

from dataclasses import dataclass

from footwork.config import Settings
from footwork.domain.exercises import BANDED_SQUAT
from footwork.domain.session import Step, session_minutes, session_seconds, session_steps
from footwork.services import planning, progress
from footwork.services.planning import PersonPlan


@dataclass(frozen=True)
class SessionScript:
    plan: PersonPlan
    steps: list[Step]

    @property
    def seconds(self) -> float:
        return session_seconds(self.steps)

    @property
    def minutes(self) -> int:
        return session_minutes(self.steps)


def session_script(
    settings: Settings, person: str | None, only: list[str] | None = None
) -> SessionScript:
    """Today's plan and the timed steps of its coached session; the Banded Squat block is the
    day's next mini-set."""
    pp = planning.current_plan(settings, person)
    done = progress.today(settings, pp.person).logged_of(BANDED_SQUAT.key)
    return SessionScript(pp, session_steps(pp.plan, only or None, minisets_done=done))
