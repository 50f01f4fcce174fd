"""Settings of the web app itself (the data settings are ``footwork.config.Settings``)."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class WebOptions:
    """time_scale: how many times faster the session timers run (1 = real time; tests use more).
    max_upload_bytes: the largest import file or photo an upload may be.
    max_video_bytes: the largest clip "Check my form" accepts.
    delete_video_after_analysis: remove an uploaded clip once it has been analysed, keeping
        only the landmarks and results.
    allowed_hosts: Host headers the app answers (None: any). ``footwork serve`` on 127.0.0.1
        allows only local names, so a web page cannot reach the app through DNS rebinding.
    team: team mode: accounts, sign-in and roles (``web/team.py``, ``web/policies.py``).
    secure_cookies: mark cookies Secure (the app is reached over HTTPS through a proxy).
    """

    time_scale: float = 1.0
    max_upload_bytes: int = 20 * MB
    max_video_bytes: int = 300 * MB
    delete_video_after_analysis: bool = True
    allowed_hosts: tuple[str, ...] | None = None
    team: bool = False
    secure_cookies: bool = False

    def __post_init__(self) -> None:
        if not 0 < self.time_scale <= 1000:
            raise ValueError("time_scale must be above 0 and at most 1000.")
