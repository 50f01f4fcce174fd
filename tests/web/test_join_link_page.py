"""The join link's page for someone already signed in (base.html's ``me`` is their account)."""

from __future__ import annotations

from team_support import Team, sign_in, team_app

from footwork.config import Settings
from footwork.services import accounts


def test_a_signed_in_athlete_opening_a_join_link_is_offered_to_join(
    settings: Settings, team: Team
) -> None:
    secret = accounts.join_link(settings, team.other_coach.email)
    page = sign_in(team_app(settings), team.athlete.email).get(f"/links/{secret}")
    assert page.status_code == 200
    assert f"signed in as <strong>{team.athlete.email}</strong>" in page.text
    assert "Join Kim Other" in page.text


def test_a_signed_in_coach_opening_a_join_link_is_told_only_athletes_join(
    settings: Settings, team: Team
) -> None:
    secret = accounts.join_link(settings, team.other_coach.email)
    page = sign_in(team_app(settings), team.coach.email).get(f"/links/{secret}")
    assert page.status_code == 200
    assert "only athletes join a coach" in page.text
