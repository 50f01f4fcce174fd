"""Reading and writing background jobs. Like the rest of the repository, it works inside one
unit of work and returns domain ``Job`` records, never rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from footwork.domain.jobs import Job, JobKind, JobStatus, WorkerState
from footwork.storage.tables import JobRow, PersonRow, WorkerRow

UNFINISHED = (JobStatus.QUEUED.value, JobStatus.RUNNING.value, JobStatus.INTERRUPTED.value)


class Jobs:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, job: Job, person_id: int | None) -> Job:
        row = JobRow(
            id=job.id, person_id=person_id, kind=job.kind.value, status=job.status.value,
            file_name=job.file_name, upload=job.upload, params=dict(job.params), worker="",
            created_at=job.created_at or _now(),
        )  # fmt: skip
        self._s.add(row)
        self._s.flush()
        return self._to_job(row)

    def get(self, job_id: str) -> Job | None:
        row = self._s.get(JobRow, job_id)
        return None if row is None else self._to_job(row)

    def update(self, job_id: str, **changes: Any) -> Job | None:
        """Change the named fields of a job (statuses as ``JobStatus``); None if it is gone."""
        row = self._s.get(JobRow, job_id)
        if row is None:
            return None
        for name, value in changes.items():
            setattr(row, name, value.value if isinstance(value, JobStatus) else value)
        self._s.flush()
        return self._to_job(row)

    def claim(self, job_id: str, worker: str) -> Job | None:
        """Mark a queued job running by ``worker`` and count the attempt; None unless queued."""
        claimed = self._set_if(
            job_id, JobStatus.QUEUED, status=JobStatus.RUNNING, attempts=JobRow.attempts + 1,
            started_at=_now(), worker=worker, stage="", done=0, total=0, message="", hint="",
        )  # fmt: skip
        return self._reread(job_id) if claimed else None

    def update_if_running(self, job_id: str, worker: str, **changes: Any) -> Job | None:
        """Like ``update``, but only while ``worker`` still runs the job (a worker taken for
        dead, whose job went to another, must not overwrite that one's record)."""
        changed = self._set_if(job_id, JobStatus.RUNNING, worker, **changes)
        return self._reread(job_id) if changed else None

    def release(self, job_id: str, worker: str) -> bool:
        """Put a job that ``worker`` was running back in the queue (that worker is gone);
        False if it is not running there any more (finished, or someone already took it)."""
        return self._set_if(job_id, JobStatus.RUNNING, worker, status=JobStatus.QUEUED,
                            dispatched_at=None, stage="", done=0, total=0)  # fmt: skip

    def mark_dispatched(self, job_id: str, at: datetime) -> None:
        """Note that the job was sent to the queue (only while it still waits)."""
        self._set_if(job_id, JobStatus.QUEUED, dispatched_at=at)

    def _set_if(
        self, job_id: str, when: JobStatus, worker: str | None = None, /, **changes: Any
    ) -> bool:
        """Change a job only while its status is ``when`` (and, given, its ``worker``): one
        conditional UPDATE, so two processes racing for the same job cannot both win it, on
        SQLite as on PostgreSQL. Whether it changed."""
        where = [JobRow.id == job_id, JobRow.status == when.value]
        if worker is not None:
            where.append(JobRow.worker == worker)
        values = {k: v.value if isinstance(v, JobStatus) else v for k, v in changes.items()}
        changed: CursorResult[Any] = self._s.execute(  # type: ignore[assignment]
            update(JobRow).where(*where).values(**values)
            .execution_options(synchronize_session=False)
        )  # fmt: skip
        return changed.rowcount == 1

    def _reread(self, job_id: str) -> Job | None:
        row = self._s.get(JobRow, job_id, populate_existing=True)
        return None if row is None else self._to_job(row)

    def count_queued_before(self, job_id: str) -> int:
        """How many queued jobs were created before this one (0 if it is not queued)."""
        row = self._s.get(JobRow, job_id)
        if row is None or row.status != JobStatus.QUEUED.value:
            return 0
        q = (
            select(func.count())
            .select_from(JobRow)
            .where(JobRow.status == JobStatus.QUEUED.value, JobRow.created_at < row.created_at)
        )
        return int(self._s.scalar(q) or 0)

    def unfinished(self) -> list[Job]:
        """Jobs queued, running or interrupted, oldest first."""
        q = select(JobRow).where(JobRow.status.in_(UNFINISHED)).order_by(JobRow.created_at)
        return [self._to_job(r) for r in self._s.scalars(q)]

    def of_person(self, person_id: int) -> list[Job]:
        """A person's jobs, whatever their status (to remove their files with them)."""
        q = select(JobRow).where(JobRow.person_id == person_id).order_by(JobRow.created_at)
        return [self._to_job(r) for r in self._s.scalars(q)]

    def all(self, status: JobStatus | None = None) -> list[Job]:
        """Jobs, newest first."""
        q = select(JobRow)
        if status is not None:
            q = q.where(JobRow.status == status.value)
        return [self._to_job(r) for r in self._s.scalars(q.order_by(JobRow.created_at.desc()))]

    def finished_for(self, person_id: int) -> list[Job]:
        """A person's finished (done) clip analyses, newest first."""
        q = select(JobRow).where(JobRow.person_id == person_id,
                                 JobRow.status == JobStatus.DONE.value)  # fmt: skip
        return [self._to_job(r) for r in self._s.scalars(q.order_by(JobRow.created_at.desc()))]

    def unreviewed_count(self, person_id: int) -> int:
        """How many of a person's finished analyses their coach has not opened yet."""
        q = select(func.count()).select_from(JobRow).where(
            JobRow.person_id == person_id, JobRow.status == JobStatus.DONE.value,
            JobRow.reviewed_at.is_(None),
        )  # fmt: skip
        return int(self._s.scalar(q) or 0)

    def mark_reviewed(self, job_id: str, person_id: int, at: datetime) -> bool:
        """Note that the coach opened this person's finished analysis (the first time only);
        whether it was marked now."""
        changed: CursorResult[Any] = self._s.execute(  # type: ignore[assignment]
            update(JobRow)
            .where(JobRow.id == job_id, JobRow.person_id == person_id,
                   JobRow.status == JobStatus.DONE.value, JobRow.reviewed_at.is_(None))
            .values(reviewed_at=at)
            .execution_options(synchronize_session=False)
        )  # fmt: skip
        return changed.rowcount == 1

    def _to_job(self, row: JobRow) -> Job:
        person = self._s.get(PersonRow, row.person_id) if row.person_id is not None else None
        return Job(
            id=row.id, kind=JobKind(row.kind), status=JobStatus(row.status),
            person=person.name if person else None, file_name=row.file_name, upload=row.upload,
            params=dict(row.params or {}), stage=row.stage, done=row.done, total=row.total,
            message=row.message, hint=row.hint, result=row.result, attempts=row.attempts,
            worker=row.worker, dispatched_at=row.dispatched_at,
            created_at=row.created_at, started_at=row.started_at, finished_at=row.finished_at,
            reviewed_at=row.reviewed_at,
        )  # fmt: skip


class Workers:
    """The workers' heartbeats."""

    def __init__(self, session: Session) -> None:
        self._s = session

    def beat(self, name: str, job_id: str | None, now: datetime) -> None:
        """Record that ``name`` lives and runs ``job_id`` (None: idle)."""
        row = self._s.get(WorkerRow, name)
        if row is None:
            self._s.add(WorkerRow(name=name, started_at=now, seen_at=now, job_id=job_id))
        else:
            row.seen_at, row.job_id = now, job_id
        self._s.flush()

    def get(self, name: str) -> WorkerState | None:
        row = self._s.get(WorkerRow, name)
        return None if row is None else _to_worker(row)

    def all(self) -> list[WorkerState]:
        return [_to_worker(r) for r in self._s.scalars(select(WorkerRow).order_by(WorkerRow.name))]

    def forget(self, name: str) -> None:
        row = self._s.get(WorkerRow, name)
        if row is not None:
            self._s.delete(row)
            self._s.flush()

    def forget_unseen_since(self, before: datetime) -> None:
        """Drop the heartbeats of workers long gone."""
        for row in self._s.scalars(select(WorkerRow).where(WorkerRow.seen_at < before)):
            self._s.delete(row)
        self._s.flush()


def _to_worker(row: WorkerRow) -> WorkerState:
    return WorkerState(name=row.name, started_at=row.started_at, seen_at=row.seen_at,
                       job_id=row.job_id)  # fmt: skip


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)
