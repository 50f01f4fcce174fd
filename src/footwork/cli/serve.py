"""footwork serve: the web app on this computer (127.0.0.1 by default), on a free port."""

from __future__ import annotations

import ipaddress
import socket
import threading
import webbrowser
from typing import Annotated

import typer

from footwork.cli.common import settings
from footwork.cli.output import console


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


def serve(
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on. The default keeps the app private to this computer; "
            "0.0.0.0 lets other devices on your network (a phone as the camera) reach it."
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
) -> None:
    """Start the footwork web app and print its address."""
    import uvicorn

    from footwork.web.app import create_app
    from footwork.web.options import WebOptions

    port = port or free_port(host)
    url = f"http://{host if ':' not in host else f'[{host}]'}:{port}/"
    local = ("127.0.0.1", "localhost", "[::1]", "::1") if is_loopback(host) else None
    options = WebOptions(delete_video_after_analysis=not keep_video, allowed_hosts=local)
    app = create_app(settings(), options)
    console().print(f"footwork is running at [bold]{url}[/]  (press Ctrl-C to stop)")
    if not is_loopback(host):
        console().print(
            "[yellow]Other devices on your network can reach this address; your data is "
            "visible to them.[/]"
        )
    if not no_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer, measure_app: typer.Typer) -> None:
    app.command("serve")(serve)
