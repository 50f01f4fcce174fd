"""The coach's roster as JSON: the dashboard's table for scripts and integrations."""

from __future__ import annotations

from fastapi import APIRouter, Request

from footwork.services import coaching
from footwork.services.coaching import RosterSort
from footwork.services.coaching_schema import AthleteRowPublic, athlete_row_public
from footwork.web.api import PublicJSON
from footwork.web.api_errors import DocumentedRoute
from footwork.web.deps import SettingsDep

router = APIRouter(prefix="/api", route_class=DocumentedRoute, default_response_class=PublicJSON)


@router.get("/coach/athletes", tags=["coaching"])
def coach_athletes(
    request: Request, settings: SettingsDep, sort: RosterSort = RosterSort.FLAGS
) -> list[AthleteRowPublic]:
    """Your athletes: last session, adherence over 7 and 28 days, each test against its target
    with its change judged against measurement error, and the flags (most flags first)."""
    rows = coaching.roster(settings, request.state.account.id)
    return [athlete_row_public(r) for r in coaching.sort_roster(rows, sort)]
