"""A coach opening an athlete's finished clip (its page or its record in the API) has reviewed
it: the dashboard's "clip to review" flag goes. Shared by the pages and the API."""

from __future__ import annotations

from fastapi import Request

from footwork.config import Settings
from footwork.domain.accounts import Role
from footwork.services import coaching
from footwork.web.team import viewer


def note_coach_review(request: Request, settings: Settings, analysis_id: str) -> None:
    """Mark the analysis reviewed when the one looking is the athlete's coach (never when the
    athlete opens their own clip)."""
    who = viewer(request)
    if who is None or who.person is None or who.is_owner or who.account.role is not Role.COACH:
        return
    coaching.mark_reviewed(settings, analysis_id, who.person.id)
