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

Interfaces (CLI, web) translate these in one place each.
"""

from __future__ import annotations


class FootworkError(Exception):
    """Base for every error footwork raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

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
