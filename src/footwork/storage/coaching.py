"""Reading and writing what a coach adds to an athlete's records (team mode): changes to the
plan, each with its reason, and comments on analysed clips."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from footwork.domain.clip_comments import ClipComment
from footwork.domain.plan_changes import ChangeAction, PlanChange
from footwork.domain.sides import Side
from footwork.storage.tables import ClipCommentRow, JobRow, PlanChangeRow


class PlanChanges:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, person_id: int, author_id: int | None, change: PlanChange) -> PlanChange:
        row = PlanChangeRow(
            person_id=person_id, author_id=author_id, author=change.author, at=change.at,
            exercise=change.exercise, side=change.side.value if change.side else None,
            action=change.action.value, sets=change.sets, reps=change.reps, reason=change.reason,
        )  # fmt: skip
        self._s.add(row)
        self._s.flush()
        return _to_change(row)

    def for_person(self, person_id: int) -> list[PlanChange]:
        """Every change to the person's plan, oldest first (the order they apply in)."""
        rows = self._s.scalars(
            select(PlanChangeRow)
            .where(PlanChangeRow.person_id == person_id)
            .order_by(PlanChangeRow.at, PlanChangeRow.id)
        )
        return [_to_change(r) for r in rows]


class ClipComments:
    def __init__(self, session: Session) -> None:
        self._s = session

    def add(self, author_id: int | None, comment: ClipComment) -> ClipComment:
        row = ClipCommentRow(
            job_id=comment.job_id, author_id=author_id, author=comment.author, rep=comment.rep,
            text=comment.text, at=comment.at,
        )  # fmt: skip
        self._s.add(row)
        self._s.flush()
        return _to_comment(row)

    def for_job(self, job_id: str) -> list[ClipComment]:
        """The clip's comments, oldest first."""
        rows = self._s.scalars(
            select(ClipCommentRow)
            .where(ClipCommentRow.job_id == job_id)
            .order_by(ClipCommentRow.at, ClipCommentRow.id)
        )
        return [_to_comment(r) for r in rows]

    def latest_for_person(self, person_id: int, limit: int) -> list[ClipComment]:
        """The newest comments on any of the person's clips, newest first."""
        rows = self._s.scalars(
            select(ClipCommentRow)
            .join(JobRow, JobRow.id == ClipCommentRow.job_id)
            .where(JobRow.person_id == person_id)
            .order_by(ClipCommentRow.at.desc(), ClipCommentRow.id.desc())
            .limit(limit)
        )
        return [_to_comment(r) for r in rows]


def _to_change(row: PlanChangeRow) -> PlanChange:
    return PlanChange(
        exercise=row.exercise, side=Side(row.side) if row.side else None,
        action=ChangeAction(row.action), sets=row.sets, reps=row.reps, reason=row.reason,
        author=row.author, at=row.at, uid=row.uid,
    )  # fmt: skip


def _to_comment(row: ClipCommentRow) -> ClipComment:
    return ClipComment(job_id=row.job_id, author=row.author, rep=row.rep, text=row.text,
                       at=row.at, id=row.id)  # fmt: skip
