"""Use cases the web app needs that combine the core services: the dashboard, the session
script, a browser session written set by set, photo angles and footprints with their
overlays (clip analyses have their own module, ``analyses``).
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from footwork.config import Settings
from footwork.domain.exercises import BANDED_SQUAT
from footwork.domain.measures import Measurement
from footwork.domain.progress import DONE_RULE, Adherence, DayStatus, DayTally
from footwork.domain.schedule import day_times, format_time
from footwork.domain.session import (
    SessionLog,
    SetLog,
    Step,
    session_minutes,
    session_seconds,
    session_steps,
)
from footwork.domain.sides import Side, parse_side
from footwork.errors import NotFound, RetakeNeeded
from footwork.services import (
    calendar_file,
    measurements,
    people,
    pictures,
    planning,
    progress,
    video,
)
from footwork.services.charts import progress_chart
from footwork.services.pictures import FootprintReport, PhotoAngleResult
from footwork.services.planning import PersonPlan
from footwork.services.progress import ProgressReport
from footwork.services.sessions import SessionRecorder
from footwork.services.user_files import named_as
from footwork.vision.image_io import read_image
from footwork.vision.pictures.photo_angle import AnglePreset


@dataclass(frozen=True)
class Dashboard:
    """What the start page shows: today's plan, streak and the next re-test."""

    plan: PersonPlan
    adherence: Adherence
    done_today: bool
    days_to_retest: int
    days_since_session: int | None  # None: never trained
    today: DayTally  # today's logged sets against today's plan: done, partial, what is left
    minutes: int  # today's coached session with its timers, as the session page says
    miniset_times: list[str]  # "HH:MM" of each Banded Squat mini-set; the first: the session
    done_rule: str = DONE_RULE


def dashboard(
    settings: Settings, person: str | None, today: date | None = None
) -> Dashboard | None:
    """Today's view for this person, or None when nobody is set up yet (go to onboarding)."""
    if not people.list_profiles(settings):
        return None
    today = today or date.today()
    pp = planning.current_plan(settings, person, today)
    rep = progress.report(settings, pp.person, today)
    tally = rep.today_tally or progress.today(settings, pp.person, today)
    steps = session_steps(pp.plan, minisets_done=tally.logged_of(BANDED_SQUAT.key))
    return Dashboard(
        plan=pp,
        adherence=rep.adherence,
        done_today=tally.status is DayStatus.DONE,
        days_to_retest=(pp.plan.retest_on - today).days,
        days_since_session=(today - last).days if (last := rep.adherence.last_session) else None,
        today=tally,
        minutes=session_minutes(steps),
        miniset_times=_miniset_times(settings, pp),
    )


def _miniset_times(settings: Settings, pp: PersonPlan) -> list[str]:
    bouts = pp.plan.item(BANDED_SQUAT.key).dose_by_side[Side.LEFT].bouts_per_day
    chosen = calendar_file.training_times(settings, pp.person).times
    return [format_time(t) for t in day_times(chosen, bouts)]


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


class LiveSessions:
    """Browser sessions in progress, each written through a ``SessionRecorder`` so every set is
    committed as soon as it is logged. Keyed by a random token the page holds.
    """

    def __init__(self) -> None:
        self._recorders: dict[str, SessionRecorder] = {}
        self._lock = threading.Lock()

    def start(self, settings: Settings, person: str | None, plan_week: int | None) -> str:
        log = SessionLog(started_at=datetime.now().replace(microsecond=0), plan_week=plan_week)
        recorder = SessionRecorder(settings, person, log)
        token = uuid.uuid4().hex
        with self._lock:
            self._recorders[token] = recorder
        return token

    def add_set(self, token: str, entry: SetLog) -> None:
        self._get(token).add(entry)

    def finish(self, token: str, note: str = "") -> str:
        recorder = self._get(token)
        recorder.finish(note)
        with self._lock:
            self._recorders.pop(token, None)
        return recorder.person

    def _get(self, token: str) -> SessionRecorder:
        with self._lock:
            recorder = self._recorders.get(token)
        if recorder is None:
            raise NotFound(
                "This training session is not open any more.",
                hint="Sets logged so far are saved. Start a new session from the session page.",
            )
        return recorder


# Pictures: a photo angle from clicked points, a footprint ------------------------------------


def check_picture(path: Path, shown_name: str) -> None:
    """Refuse an uploaded picture that cannot be read, naming it as the user knows it."""
    with named_as(path, shown_name):
        read_image(path)


@dataclass(frozen=True)
class PhotoAngleOutcome:
    result: PhotoAngleResult
    saved: list[Measurement]


def photo_angle(
    settings: Settings,
    path: Path,
    points: str,
    preset: str,
    side: str,
    *,
    annotate: Path,
    person: str | None,
    save: bool,
    shown_name: str | None = None,
) -> PhotoAngleOutcome:
    """Measure the angle the clicked points define; store it when ``save`` is set. An upload
    stored under another name is named ``shown_name`` in messages and in the measurement."""
    with named_as(path, shown_name or path.name):
        result = pictures.measure_photo_angle(
            path, points, preset=AnglePreset(preset), side=parse_side(side), annotate=annotate,
            source=shown_name,
        )  # fmt: skip
    saved: list[Measurement] = []
    if save:
        now = datetime.now().replace(microsecond=0)
        items = pictures.photo_angle_measurements(result, now, note="clicked on a photo")
        saved = measurements.record(settings, items, person)
    return PhotoAngleOutcome(result, saved)


@dataclass(frozen=True)
class PointSuggestion:
    points: list[tuple[float, float]]
    angle_deg: float
    warnings: list[str]


def suggest_lunge_points(path: Path, side: str) -> PointSuggestion:
    """Knee and ankle found by the pose model on a lunge photo, for the person to correct."""
    shin = video.measure_lunge(path, side).shin
    return PointSuggestion([shin.knee_xy, shin.ankle_xy], shin.angle_deg, list(shin.warnings))


@dataclass(frozen=True)
class FootprintOutcome:
    report: FootprintReport
    saved: list[Measurement]


def footprint(
    settings: Settings,
    path: Path,
    *,
    annotate: Path,
    person: str | None,
    save: bool,
    shown_name: str | None = None,
) -> FootprintOutcome:
    """Arch indices of a footprint photo with the annotated overlay; stored when ``save``. An
    upload stored under another name is named ``shown_name`` in messages and measurements."""
    with named_as(path, shown_name or path.name):
        report = pictures.analyse_footprint(path, annotate=annotate, source=shown_name)
    if not report.feet:
        raise RetakeNeeded(
            "No footprint was found in this photo.",
            hint="Photograph the whole sheet from straight above, in even light.",
        )
    saved: list[Measurement] = []
    if save:
        now = datetime.now().replace(microsecond=0)
        saved = measurements.record(
            settings, pictures.footprint_measurements(report, now, "footprint photo"), person
        )
    return FootprintOutcome(report, saved)
