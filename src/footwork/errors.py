"""One error tree for footwork. Every message says what the user can do next.

    FootworkError
    ├── InvalidInput            a value, unit, side, exercise or option that is not allowed
    │   └── ImplausibleValue    a number outside what a human foot can do
    ├── NotFound                a person, measurement, session or file that does not exist
    ├── StorageError            the database could not be opened, migrated or written
    ├── ImportRejected          an import file that cannot be read or does not match the format
    └── MediaError              a photo, video or landmark file that cannot be used
        ├── UnreadableMedia     not an image/video, truncated, zero frames
        └── RetakeNeeded        readable, but the content cannot support a measurement

Interfaces (CLI, web) translate these in one place each. An error carries what was wrong
(``message``), which input it was about (``field``: a neutral name such as "side", "value",
"exercise" or "unit", never a flag or a form field) and what to do next (``hint``, or a ``Fix``).
Messages and hints name no interface (no command, flag, page or form field): where the next step
depends on the interface, the error carries a ``Fix`` and each interface words it its own way
(cli/hints.py, web/hints.py); the plain ``hint`` is the wording for any other caller. The API
and ``--json`` errors give ``field`` as it is; the error page words it (web/hints.py).
"""

from __future__ import annotations

from enum import StrEnum


class Fix(StrEnum):
    """What the user can do next, named without an interface."""

    CHOOSE_PERSON = "choose-person"  # several profiles: say whose data this is
    CREATE_PERSON = "create-person"  # no profile yet
    OTHER_NAME = "other-name"  # the name is taken
    FIND_MEASUREMENT = "find-measurement"  # an unknown measurement id
    PHOTO_SCALE = "photo-scale"  # a photo needs its scale, not a sensor pitch
    GRID_PITCH = "grid-pitch"  # a pressure grid needs the distance between sensors
    ANGLE_PRESET = "angle-preset"  # a plain angle cannot be saved
    CHOOSE_SIDE = "choose-side"  # saving needs the foot
    CHOOSE_EXERCISE = "choose-exercise"  # the clip's exercise could not be told
    NO_ANNOTATION = "no-annotation"  # an annotated video cannot be drawn here
    EXPORT_FILE = "export-file"  # an import needs footwork's own export file
    LANDMARK_FILE = "landmark-file"  # a landmark CSV is missing columns


class FootworkError(Exception):
    """Base for every error footwork raises on purpose."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        fix: Fix | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.fix = fix
        self.field = field  # which input was wrong, by a neutral name ("side"); None if no one

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} {self.hint}"


class InvalidInput(FootworkError):
    exit_code = 2


class ImplausibleValue(InvalidInput):
    pass


class NotFound(FootworkError):
    exit_code = 3


class StorageError(FootworkError):
    exit_code = 4


class ImportRejected(FootworkError):
    exit_code = 2


class MediaError(FootworkError):
    exit_code = 2


class UnreadableMedia(MediaError):
    pass


class RetakeNeeded(MediaError):
    pass


class TooManyAttempts(FootworkError):
    """Sign-in is locked for a while after too many failed tries."""

    exit_code = 2

    def __init__(self, message: str, *, retry_after_s: int, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.retry_after_s = retry_after_s
