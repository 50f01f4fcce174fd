"""The JSON API's error answers as its OpenAPI document describes them.

Every error the API gives has one body, ``{"detail": ..., "hint": ...}`` (web/errors.py builds
it for footwork's errors, unreadable requests and refused cross-site requests alike). The API
routers use ``DocumentedRoute``, which adds to each route the error statuses it can answer:

    every route        404 a named person, record or file does not exist
                       422 a value, unit, side or body that is not allowed
                       503 the database (or a system library such as Pango) is unavailable
    POST/PUT/DELETE    400 a body that cannot be read (not JSON, not UTF-8)
                       403 refused: the request came from another site
    uploads            413 the file is too large; 415 the file is not of a type the route takes
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute
from pydantic import BaseModel, Field


class ErrorBody(BaseModel):
    """The body of every error answer of the API."""

    detail: str = Field(description="What went wrong, in words for a person.")
    hint: str | None = Field(description="What to do next, or null.")
    field: str | None = Field(
        default=None,
        description="Which input was wrong, by its parameter name (side, value, unit, exercise, "
        "person...); left out when the error is not about one input.",
    )


MEANING: dict[int, str] = {
    400: "The request body could not be read (not valid JSON or form data).",
    403: "Refused: the request came from another site (cross-site request protection).",
    404: "A named person, record or file does not exist.",
    413: "The upload is larger than footwork accepts.",
    415: "The upload is not a file of a type this route takes.",
    422: "The request or a value in it is not valid; the body says which and what to give.",
    503: "The database or a system library this needs is not available.",
}

STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route that can answer ``codes``, each with the error body."""
    return {code: {"model": ErrorBody, "description": MEANING[code]} for code in sorted(codes)}


def error_codes(methods: set[str], *, takes_upload: bool) -> set[int]:
    """The error statuses a route of footwork's API can answer (see the module docstring)."""
    codes = {404, 422, 503}
    if methods & STATE_CHANGING:
        codes |= {400, 403}
    if takes_upload:
        codes |= {413, 415}
    return codes


def takes_upload(endpoint: Callable[..., Any]) -> bool:
    """True if the endpoint takes an uploaded file."""
    hints = inspect.signature(endpoint, eval_str=True).parameters.values()
    return any("UploadFile" in str(p.annotation) for p in hints)


class DocumentedRoute(APIRoute):
    """An API route whose OpenAPI entry lists the error statuses it can answer, with the real
    error body (a route's own ``responses=`` still wins for a status it names)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        methods = {m.upper() for m in (kwargs.get("methods") or ["GET"])}
        codes = error_codes(methods, takes_upload=takes_upload(endpoint))
        kwargs["responses"] = error_responses(*codes) | dict(kwargs.get("responses") or {})
        super().__init__(path, endpoint, **kwargs)
