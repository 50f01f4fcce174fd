"""Protection against requests that another website makes the user's browser send.

footwork runs on the user's own computer without a login, so any page open in the same
browser could otherwise submit forms or uploads to it. Every request that may change data
(POST, PUT, PATCH, DELETE) must pass two checks:

1. Where it comes from. Browsers say so in ``Origin`` and ``Sec-Fetch-Site``; a request
   from any other origin (another port on this computer counts) is refused.
2. A token only footwork's own pages know: the hidden ``csrf_token`` field of every form, or
   the ``X-CSRF-Token`` header our scripts send (read from ``<meta name="csrf-token">``).

A program calling the JSON API (``/api/...``) sends neither ``Origin``, ``Sec-Fetch-Site``
nor cookies; it cannot be a forged browser request and needs no token.

The token is derived from a secret kept in the footwork home folder, so pages left open
keep working when the app restarts. Other pages cannot read it: browsers do not let one
origin read another's pages.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from jinja2 import pass_context
from markupsafe import Markup, escape
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

FIELD = "csrf_token"
HEADER = "x-csrf-token"
SECRET_FILE = "web-secret"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# What a browser's Sec-Fetch-Site may say for a request we accept: from our own pages, or
# typed in by the user. "same-site" is refused too: another port on this computer is the
# same site but not the same origin.
TRUSTED_FETCH_SITES = frozenset({"same-origin", "none"})
# How much of a form body we read to find the token. Our forms are small; in multipart
# forms the token is the first field, so this covers its headers and value.
MAX_TOKEN_SEARCH = 64 * 1024
STATE_KEY = "csrf_token"  # where the request's token waits for the templates


def load_secret(home: Path) -> bytes:
    """The secret behind the token, created on first use (readable by this user only)."""
    path = home / SECRET_FILE
    try:
        return bytes.fromhex(path.read_text().strip())
    except (FileNotFoundError, ValueError):
        pass
    home.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(secret.hex())
    return secret


def make_token(secret: bytes, session: str | None = None) -> str:
    """The token for a browser: in team mode, tied to its signed-in session (so one person's
    token is no use against another's session); else one for the app."""
    message = b"footwork csrf token v1" + (b":" + session.encode() if session else b"")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def session_of(headers: Headers) -> str | None:
    """The team-mode session cookie's value, if the browser sent one."""
    from footwork.web.team import SESSION_COOKIE  # team imports nothing from here

    for part in headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name == SESSION_COOKIE and value:
            return value
    return None


def request_token(request: Any) -> str:
    """The token of the request being answered (set by ``CSRFMiddleware``)."""
    return str(request.scope.get("state", {}).get(STATE_KEY, ""))


@pass_context
def csrf_field(context: Any) -> Markup:
    """The Jinja global ``csrf_field()``: the hidden input every POST form carries."""
    token = request_token(context["request"])
    return Markup(f'<input type="hidden" name="{FIELD}" value="{escape(token)}">')


@pass_context
def csrf_token(context: Any) -> str:
    """The Jinja global ``csrf_token()``: the token for pages' own scripts."""
    return request_token(context["request"])


class Refused(Exception):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def foreign() -> Refused:
    return Refused(
        "footwork refused this request because it came from another web page, not from "
        "footwork itself. Nothing was changed.",
        "If you meant to do this, open footwork in your browser and do it from its own pages.",
    )


def no_token() -> Refused:
    return Refused(
        "footwork refused this form because it lacks the security token of footwork's own "
        "pages (the page may be out of date). Nothing was changed.",
        "Reload the page and try again.",
    )


def own_origin(scope: Scope, headers: Headers) -> str:
    return f"{scope.get('scheme', 'http')}://{headers.get('host', '')}".lower()


def check_source(scope: Scope, headers: Headers) -> None:
    """Refuse a request a browser says comes from another origin."""
    site = headers.get("sec-fetch-site")
    if site is not None and site.lower() not in TRUSTED_FETCH_SITES:
        raise foreign()
    origin = headers.get("origin")
    if origin is not None and origin.lower() != own_origin(scope, headers):
        raise foreign()


def needs_token(scope: Scope, headers: Headers) -> bool:
    """Pages always; the API only when the request comes from a browser."""
    if not scope["path"].startswith("/api/"):
        return True
    return any(name in headers for name in ("origin", "sec-fetch-site", "cookie"))


class CSRFMiddleware:
    """Refuses state-changing requests that another origin could forge (see the module doc)."""

    def __init__(self, app: ASGIApp, secret: bytes) -> None:
        self.app = app
        self.secret = secret

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        token = make_token(self.secret, session_of(headers))
        scope.setdefault("state", {})[STATE_KEY] = token
        if scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        try:
            check_source(scope, headers)
            if needs_token(scope, headers):
                given = headers.get(HEADER)
                if given is None:
                    given, receive = await token_from_body(headers, receive)
                if not given or not hmac.compare_digest(given.encode(), token.encode()):
                    raise no_token()
        except Refused as refused:
            await refuse(scope, send, refused)
            return
        await self.app(scope, receive, send)


async def refuse(scope: Scope, send: Send, refused: Refused) -> None:
    from footwork.web.errors import respond  # errors imports nothing from here

    response = respond(Request(scope), 403, refused.message, refused.hint)
    await response(scope, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.disconnect"}


async def token_from_body(headers: Headers, receive: Receive) -> tuple[str | None, Receive]:
    """The form's ``csrf_token``, reading only the start of the body; and a ``receive`` that
    replays what was read, so the app still sees the whole body."""
    kind = headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return None, receive
    boundary = _boundary(headers.get("content-type", ""))
    read: list[Message] = []
    buffered = b""
    more = True
    token: str | None = None
    while more and len(buffered) <= MAX_TOKEN_SEARCH:
        message = await receive()
        read.append(message)
        if message["type"] != "http.request":
            break
        buffered += message.get("body", b"")
        more = message.get("more_body", False)
        if kind == "multipart/form-data":
            found, token = _first_multipart_field(buffered, boundary)
            if found:
                break
    if kind == "application/x-www-form-urlencoded" and not more:
        values = parse_qs(buffered.decode("latin-1"), keep_blank_values=True).get(FIELD)
        token = values[0] if values else None

    async def replay() -> Message:
        if read:
            return read.pop(0)
        return await receive()

    return token, replay


def _boundary(content_type: str) -> bytes:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.lower() == "boundary":
            return value.strip('"').encode("latin-1")
    return b""


def _first_multipart_field(body: bytes, boundary: bytes) -> tuple[bool, str | None]:
    """(whether the first part is complete, the token if that part is ``csrf_token``)."""
    if not boundary:
        return True, None
    delimiter = b"--" + boundary
    start = body.find(delimiter)
    if start < 0:
        return False, None
    head_end = body.find(b"\r\n\r\n", start)
    if head_end < 0:
        return False, None
    value_end = body.find(b"\r\n" + delimiter, head_end + 4)
    if value_end < 0:
        return False, None
    part_headers = body[start + len(delimiter) : head_end].decode("latin-1").lower()
    if f'name="{FIELD}"' not in part_headers:
        return True, None
    return True, body[head_end + 4 : value_end].decode("latin-1")


# Security headers ----------------------------------------------------------------------------

# Scripts only from footwork itself (no inline script, no eval; WebAssembly may be compiled,
# for in-browser pose's runtime, served by the app: 'wasm-unsafe-eval' allows nothing else);
# styles may be inline because the chart library (Plotly) and Swagger UI set them; nothing may
# frame the app.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    # Not "no-referrer": with it Chrome sends "Origin: null" on our own form posts, which the
    # origin check must then refuse. "same-origin" tells other sites nothing.
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


class SecurityHeadersMiddleware:
    """Adds the security headers to every response (pages, API, files, errors)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class SecureCookiesMiddleware:
    """Served over HTTPS (``WebOptions.secure_cookies``): every cookie the app sets is marked
    Secure, so a browser never sends it over plain HTTP (to another program on the same
    address, say)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def secure_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [_secure(k, v) for k, v in message["headers"]]}
            await send(message)

        await self.app(scope, receive, secure_send)


def _secure(name: bytes, value: bytes) -> tuple[bytes, bytes]:
    if name.lower() == b"set-cookie" and b"; secure" not in value.lower():
        value += b"; Secure"
    return name, value
