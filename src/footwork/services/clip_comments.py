"""A coach's comments on an athlete's analysed clip (team mode), on one rep or the whole clip;
the athlete reads them on the clip and on Today."""

from __future__ import annotations

from datetime import datetime

from footwork.config import Settings
from footwork.domain.accounts import Account
from footwork.domain.clip_comments import ClipComment, check_comment
from footwork.domain.jobs import Job, JobStatus
from footwork.errors import InvalidInput, NotFound
from footwork.services import analyses
from footwork.services.store import UnitOfWork, open_store

SHOWN_ON_TODAY = 3  # the newest few; every comment stays on its clip


def add_comment(
    settings: Settings,
    person: str | None,
    job_id: str,
    author: Account,
    rep: int | None,
    text: str,
) -> ClipComment:
    """Keep a comment on the person's analysed clip; NotFound when the clip is not theirs."""
    rep, words = check_comment(rep, text)
    with open_store(settings).unit_of_work() as uow:
        job = _their_job(uow, person, job_id)
    if job.status is not JobStatus.DONE:
        raise InvalidInput(
            "This clip is not analysed yet, so there are no reps to comment on.",
            hint="Comment once the analysis has finished.",
            field="analysis",
        )
    record = analyses.load_analysis(settings, job.id)
    count = len(record.result.rep_list) if record else 0
    if rep is not None and rep > count:
        raise InvalidInput(
            f"The clip has {count} rep{'' if count == 1 else 's'}, so there is no rep {rep}.",
            hint="Give a rep from the list of reps, or none to comment on the whole clip.",
            field="rep",
        )
    comment = ClipComment(job.id, author.label, rep, words, datetime.now())
    with open_store(settings).unit_of_work() as uow:
        return uow.clip_comments.add(author.id, comment)


def comments_for(settings: Settings, person: str | None, job_id: str) -> list[ClipComment]:
    """The comments on the person's clip, oldest first (none on a clip analysed without a
    job, on this computer); NotFound when the clip is someone else's."""
    with open_store(settings).unit_of_work() as uow:
        if uow.jobs.get(job_id) is None:
            return []
        _their_job(uow, person, job_id)
        return uow.clip_comments.for_job(job_id)


def latest(
    settings: Settings, person: str | None, limit: int = SHOWN_ON_TODAY
) -> list[ClipComment]:
    """The newest comments on any of the person's clips, newest first."""
    with open_store(settings).unit_of_work() as uow:
        who = uow.people.reader(person)
        return uow.clip_comments.latest_for_person(who.id, limit) if who else []


def _their_job(uow: UnitOfWork, person: str | None, job_id: str) -> Job:
    """The job if it is this person's; NotFound otherwise (as if it did not exist)."""
    who = uow.people.reader(person)
    job = uow.jobs.get(job_id)
    if who is None or job is None or job.person != who.name:
        raise NotFound("There is no analysed clip with that number.", field="analysis")
    return job
