"""footwork serve: the web app on this computer (127.0.0.1 by default), on a free port."""

from __future__ import annotations

import errno
import ipaddress
import socket
import threading
import webbrowser
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlsplit

import typer

from footwork.cli.common import settings
from footwork.cli.output import console
from footwork.config import Settings
from footwork.errors import InvalidInput

if TYPE_CHECKING:
    from footwork.cli.certificate import Certificate

NETWORK_FLAG = "--allow-network-access-without-login"


def free_port(host: str) -> int:
    """A port nobody listens on right now, chosen by the operating system."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (port 0: a free one), bound before anything is printed,
    so a busy port is reported plainly and no other program can take it meanwhile."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        message, hint = _bind_problem(host, port, exc)
        raise InvalidInput(message, hint=hint) from None
    return sock


def _bind_problem(host: str, port: int, exc: OSError) -> tuple[str, str]:
    if exc.errno == errno.EADDRINUSE:
        return (
            f"Port {port} on {host} is busy: another program (perhaps footwork itself) is "
            "already listening there.",
            "Choose another port with --port, or leave --port out to use a free one.",
        )
    if exc.errno == errno.EACCES:
        return (
            f"This user may not listen on port {port}.",
            "Choose a port above 1023 with --port, or leave --port out to use a free one.",
        )
    return (
        f"footwork cannot listen on {host} port {port}: {exc.strerror or exc}.",
        "Check the address given with --host (it must belong to this computer), or leave "
        "--host out to keep the app on this computer.",
    )


def refuse_network_without_login(host: str) -> None:
    raise InvalidInput(
        f"Without --team footwork has no sign-in, so on {host} anyone on your network could "
        "read and change everyone's measurements, notes and videos. It listens only on this "
        "computer unless you say otherwise.",
        hint="Add --team to serve many people with accounts and sign-in, leave --host out to "
        f"keep the app private, or add {NETWORK_FLAG} if every device on this network is "
        "yours (a phone as the camera).",
    )


def public_address(url: str) -> tuple[str, bool]:
    """(host name, whether HTTPS) of the address people open, e.g. https://feet.club.org."""
    parsed = urlsplit(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise InvalidInput(
            f"{url!r} is not a web address footwork can be reached at.",
            hint="Give it in full, like https://footwork.example.org",
        )
    return parsed.hostname, parsed.scheme == "https"


class PublicScheme:
    """Requests addressed to the public host name came through the proxy, so they were made
    over the public address's scheme: the app is told so even when the proxy does not say it
    (no ``X-Forwarded-Proto``). Otherwise every form sent from https://NAME, the sign-in form
    first, would look like it came from another site (its Origin is https://NAME, while the
    app would take itself for http://NAME) and be refused."""

    def __init__(self, app: Any, host: str, https: bool) -> None:
        self.app, self.host, self.scheme = app, host.lower(), "https" if https else "http"

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and _host_name(scope) == self.host:
            scope = {**scope, "scheme": self.scheme}
        await self.app(scope, receive, send)


def _host_name(scope: Any) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"host":
            return urlsplit("//" + value.decode("latin-1")).hostname or ""
    return ""


def serve(
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on. The default keeps the app private to this computer. "
            f"Any other address also needs {NETWORK_FLAG}."
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int | None,
        typer.Option(min=1, max=65535, help="Port to listen on (default: a free one)."),
    ] = None,
    no_browser: Annotated[
        bool, typer.Option("--no-browser", help="Do not open the app in a web browser.")
    ] = False,
    keep_video: Annotated[
        bool,
        typer.Option(
            "--keep-video",
            help="Keep uploaded clips after analysis (by default only landmarks and results "
            "are kept).",
        ),
    ] = False,
    allow_network: Annotated[
        bool,
        typer.Option(
            NETWORK_FLAG,
            help="Let other devices on your network reach the app, for example a phone as the "
            "camera, without team mode's sign-in: anyone on the network can then read and "
            "change all footwork data on this computer.",
        ),
    ] = False,
    team: Annotated[
        bool,
        typer.Option(
            "--team",
            help="Team mode: many people with accounts (athletes, coaches, admins); every "
            "page needs a sign-in. Create the first admin with 'footwork user add'.",
        ),
    ] = False,
    public_url: Annotated[
        str | None,
        typer.Option(
            help="With --team behind a reverse proxy: the address people open (e.g. "
            "https://footwork.example.org). Only that host name is answered, and over https "
            "cookies are sent over HTTPS only. Default with --team: FOOTWORK_PUBLIC_URL.",
        ),
    ] = None,
    https: Annotated[
        bool,
        typer.Option(
            "--https",
            help="Serve over HTTPS with a certificate footwork makes for this computer (kept "
            "in its data folder), so a phone's browser may use its camera. Browsers warn "
            "about it once; compare the fingerprint footwork prints. A phone also needs "
            f"--host 0.0.0.0 and {NETWORK_FLAG} (or --team).",
        ),
    ] = False,
) -> None:
    """Start the footwork web app and print its address."""
    import uvicorn

    from footwork.web.app import create_app
    from footwork.web.options import WebOptions

    if not is_loopback(host) and not (allow_network or team):
        refuse_network_without_login(host)
    if public_url is None and team:
        public_url = settings().public_url
    if public_url is not None and not team:
        raise InvalidInput(
            "--public-url is for team mode behind a reverse proxy.", hint="Add --team."
        )
    public_host, public_https = public_address(public_url) if public_url else (None, False)
    config = settings()
    certificate = _certificate(config, host) if https else None
    sock = listening_socket(host, port or 0)
    port = int(sock.getsockname()[1])
    url = f"http://{_in_url(host)}:{port}/"
    if https:  # on all addresses: open it by a name the certificate carries
        url = f"https://{'localhost' if _unspecified(host) else _in_url(host)}:{port}/"
    local: tuple[str, ...] | None = None
    if is_loopback(host):
        local = ("127.0.0.1", "localhost", "[::1]", "::1")
    if certificate is not None and not team:
        # Over HTTPS only the names the certificate carries can be opened without a second
        # warning: answer those alone, so another web site cannot reach the app through DNS
        # rebinding on the network either.
        local = tuple(
            dict.fromkeys([*certificate.names, *(f"[{n}]" for n in certificate.names if ":" in n)])
        )
    if public_host is not None:
        local = (public_host, *(local or ()))
    options = WebOptions(
        delete_video_after_analysis=not keep_video, allowed_hosts=local, team=team,
        secure_cookies=public_https or https,
    )  # fmt: skip
    app = create_app(config, options)
    served: Any = app if public_host is None else PublicScheme(app, public_host, public_https)
    console().print(f"footwork is running at [bold]{url}[/]  (press Ctrl-C to stop)")
    if certificate is not None:
        _https_banner(certificate, host, port)
    if team:
        _team_banner(config, public_url)
    elif not is_loopback(host):
        console().print(
            "[yellow]Other devices on your network can reach this address; your data is "
            "visible to them.[/]"
        )
    if not no_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    # Behind a proxy on this machine, uvicorn takes the client's address and https from
    # X-Forwarded-For/-Proto (it trusts them from 127.0.0.1 only, by default).
    tls: dict[str, Any] = {}
    if certificate is not None:
        tls = {"ssl_certfile": str(certificate.cert_path),
               "ssl_keyfile": str(certificate.key_path)}  # fmt: skip
    server = uvicorn.Config(
        served, host=host, port=port, log_level="warning", proxy_headers=True, **tls
    )
    uvicorn.Server(server).run(sockets=[sock])


def _unspecified(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def _in_url(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _certificate(config: Settings, host: str) -> Certificate:
    from footwork.cli.certificate import local_certificate, names_for

    return local_certificate(config.home, names_for(host))


def _https_banner(certificate: Certificate, host: str, port: int) -> None:
    out = console()
    if certificate.made:
        why = (
            f" (the one before was replaced: {certificate.why_new})" if certificate.why_new else ""
        )
        out.print(f"Made a certificate for HTTPS{why}: {certificate.cert_path}", soft_wrap=True)
    # Never wrapped: the fingerprint and addresses are compared and typed as they are.
    out.print(f"Its SHA-256 fingerprint: [bold]{certificate.fingerprint}[/]", soft_wrap=True)
    if is_loopback(host):
        out.print(
            "It serves this computer only. To use a phone as the camera, start footwork with "
            f"--https --host 0.0.0.0 {NETWORK_FLAG} (every device on this network can then "
            "use the app)."
        )
        return
    from footwork.cli.certificate import ALWAYS, names_for

    phone = [n for n in names_for(host) if n not in ALWAYS]
    if not phone:
        out.print("[yellow]footwork found no network address of this computer for a phone.[/]")
        return
    out.print("On a phone on the same network, open:")
    for name in phone:
        out.print(f"  [bold]https://{_in_url(name)}:{port}/[/]", soft_wrap=True)
    out.print(
        "The phone's browser warns that the certificate is not trusted: footwork signed it "
        "itself. Check the fingerprint it shows (certificate details) against the one above, "
        "then accept it once: in Chrome 'Advanced', then 'Proceed'; in Safari 'Show Details', "
        "then 'visit this website'. If the fingerprints differ, do not go on."
    )
    if certificate.why_new:
        out.print("A phone that accepted the earlier certificate asks once more for this one.")


def _team_banner(config: Settings, public_url: str | None) -> None:
    from footwork.domain.accounts import Role
    from footwork.services import accounts

    if public_url:
        console().print(f"People open it at [bold]{public_url}[/]")
    admins = [a for a in accounts.list_users(config) if a.role is Role.ADMIN]
    console().print("Team mode: every page needs a sign-in.")
    if not admins:
        console().print("[yellow]No admin yet.[/] Create one: footwork user add EMAIL --role admin")


def register(app: typer.Typer, measure_app: typer.Typer) -> None:
    app.command("serve")(serve)
