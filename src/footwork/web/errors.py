"""One place turns footwork's errors (and unreadable requests) into HTML or JSON 4xx answers.

Requests under /api, or that ask for JSON, get ``{"detail": message, "hint": ...}`` and, when the
error is about one input, ``"field"``: its neutral name (side, value...); pages get the error
page with the same message and a way back to fix that input.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from footwork.errors import (
    Fix,
    FootworkError,
    ImportRejected,
    InvalidInput,
    MediaError,
    NotFound,
    StorageError,
)
from footwork.web.hints import web_field, web_hint


class FeatureUnavailable(FootworkError):
    """A feature that needs something this computer does not have (e.g. a system library)."""


class UploadTooLarge(InvalidInput):
    """An upload bigger than the app accepts."""


class WrongFileType(MediaError):
    """An upload whose type the route does not take."""


# Most specific first.
STATUS: tuple[tuple[type[FootworkError], int], ...] = (
    (UploadTooLarge, 413),
    (WrongFileType, 415),
    (NotFound, 404),
    (FeatureUnavailable, 503),
    (StorageError, 503),
    (ImportRejected, 422),
    (MediaError, 422),
    (InvalidInput, 422),
)


def status_for(exc: FootworkError) -> int:
    return next((code for cls, code in STATUS if isinstance(exc, cls)), 400)


def wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return request.url.path.startswith("/api/") or (
        "application/json" in accept and "text/html" not in accept
    )


def respond(
    request: Request,
    status: int,
    message: str,
    hint: str | None,
    *,
    field: str | None = None,
    fix: Fix | None = None,
) -> Response:
    """The error as JSON for the API, or as the error page. ``field`` is the input that was
    wrong (the API's neutral name; the page's words); ``fix`` picks the page's way out."""
    if wants_json(request):
        about = {"field": field} if field else {}
        return JSONResponse({"detail": message, "hint": hint} | about, status_code=status)
    templates = request.app.state.templates
    html = templates.get_template("error.html").render(
        request=request, message=message, hint=hint, status=status, field=field,
        choose_person=fix == Fix.CHOOSE_PERSON,
    )  # fmt: skip
    return HTMLResponse(html, status_code=status)


async def footwork_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, FootworkError)
    api = wants_json(request)
    return respond(
        request, status_for(exc), exc.message, web_hint(exc, api=api),
        field=web_field(exc, api=api), fix=exc.fix,
    )  # fmt: skip


async def unreadable_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    problems = [_describe(e) for e in errors]
    message = "The form or request could not be read: " + "; ".join(problems[:4]) + "."
    names = {str(e["loc"][-1]) for e in errors if e.get("loc")} - _CONTAINERS
    field = names.pop() if len(names) == 1 and wants_json(request) else None
    hint = "Fill in the missing or wrong fields and try again."
    return respond(request, 422, message, hint, field=field)


_CONTAINERS = {"body", "query", "form", "path"}  # where a value came from, not which input


def _describe(error: dict) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p not in _CONTAINERS)
    if error.get("type") == "missing":
        return f"{where or 'a field'} is missing"
    return f"{where or 'a value'}: {error.get('msg', 'not valid')}"


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own errors (an unknown address, a wrong method) in our words: a page with
    the site's layout for a browser, ``{"detail", "hint", "field"}`` for the API."""
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        if wants_json(request):
            message = f"There is nothing at {request.url.path}."
            hint = "The API's addresses are listed at /docs and /openapi.json."
        else:
            message = f"There is no page at {request.url.path}."
            hint = "The address may be mistyped or out of date. Use the menu, or start at Today."
    elif exc.status_code == 405:
        message = f"{request.url.path} does not take a {request.method} request."
        hint = "Open the page from footwork's menu and use its buttons and forms."
    else:
        message, hint = str(exc.detail), None
    response = respond(request, exc.status_code, message, hint)
    response.headers.update(exc.headers or {})
    return response


def install(app: FastAPI) -> None:
    app.add_exception_handler(FootworkError, footwork_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, unreadable_request)
