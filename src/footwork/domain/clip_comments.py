"""A coach's comment on an athlete's analysed clip (team mode): on one rep, or on the whole clip.
The athlete reads it on the clip and on Today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from footwork.domain.limits import NOTE_MAX_CHARS, REPS_MAX
from footwork.errors import InvalidInput


@dataclass(frozen=True)
class ClipComment:
    job_id: str  # the clip's analysis
    author: str  # the coach, as the athlete knows them
    rep: int | None  # 1-based; None: the whole clip
    text: str
    at: datetime
    id: int = 0

    @property
    def about(self) -> str:
        return f"rep {self.rep}" if self.rep else "the whole clip"

    def sentence(self) -> str:
        return f"Your coach {self.author} on {self.about}: {self.text}"


def check_comment(rep: int | None, text: str) -> tuple[int | None, str]:
    """The rep (None: the clip) and the text as kept; a blank or overlong text, or a rep
    number below 1, is refused."""
    words = text.strip()
    if not words:
        raise InvalidInput("The comment is empty.", hint="Write the comment.", field="text")
    if len(words) > NOTE_MAX_CHARS:
        raise InvalidInput(
            f"The comment is {len(words)} characters long; at most {NOTE_MAX_CHARS} fit.",
            hint="Shorten the comment.",
            field="text",
        )
    if rep is not None and not 1 <= rep <= REPS_MAX:
        raise InvalidInput(
            f"Rep {rep} is not a rep of a clip: reps are numbered from 1.",
            hint="Give the rep's number from the list of reps, or none for the whole clip.",
            field="rep",
        )
    return rep, words
