"""One place turns footwork's errors (and unreadable requests) into HTML or JSON 4xx answers.

Requests under /api, or that ask for JSON, get ``{"detail": message, "hint": ...}``; pages get
the error page with the same message and a way back.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from footwork.errors import (
    FootworkError,
    ImportRejected,
    InvalidInput,
    MediaError,
    NotFound,
    StorageError,
)
from footwork.web.hints import web_hint


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


def respond(request: Request, status: int, message: str, hint: str | None) -> Response:
    if wants_json(request):
        return JSONResponse({"detail": message, "hint": hint}, status_code=status)
    templates = request.app.state.templates
    html = templates.get_template("error.html").render(
        request=request, message=message, hint=hint, status=status
    )
    return HTMLResponse(html, status_code=status)


async def footwork_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, FootworkError)
    hint = web_hint(exc, api=wants_json(request))
    return respond(request, status_for(exc), exc.message, hint)


async def unreadable_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = [_describe(e) for e in exc.errors()]
    message = "The form or request could not be read: " + "; ".join(problems[:4]) + "."
    return respond(request, 422, message, "Fill in the missing or wrong fields and try again.")


def _describe(error: dict) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "query", "form"))
    if error.get("type") == "missing":
        return f"{where or 'a field'} is missing"
    return f"{where or 'a value'}: {error.get('msg', 'not valid')}"


async def http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own errors (an unknown address, a wrong method) in our words: a page with
    the site's layout for a browser, ``{"detail", "hint"}`` for the API."""
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
