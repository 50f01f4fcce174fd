"""Test clients that act like a browser on footwork's own pages, or on another website.

footwork refuses state-changing requests another origin could forge (web/security.py).
``same_origin_client`` sends what footwork's own pages send (Origin, Sec-Fetch-Site and the
token); ``FOREIGN`` is what a page on another port of this computer sends.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

BASE_URL = "http://testserver"
# A page on another port of this computer: the same site, but another origin.
FOREIGN = {"Origin": "http://testserver:9999", "Sec-Fetch-Site": "same-site"}


def same_origin_headers(app: FastAPI, base_url: str = BASE_URL) -> dict[str, str]:
    return {
        "Origin": base_url,
        "Sec-Fetch-Site": "same-origin",
        "X-CSRF-Token": app.state.csrf_token,
    }


def same_origin_client(app: FastAPI, base_url: str = BASE_URL, **kwargs: Any) -> TestClient:
    """A TestClient that behaves like footwork's own pages in a browser."""
    return TestClient(app, base_url=base_url, headers=same_origin_headers(app, base_url), **kwargs)


def foreign_client(app: FastAPI, base_url: str = BASE_URL, **kwargs: Any) -> TestClient:
    """A TestClient that behaves like a page on another origin posting to footwork."""
    return TestClient(app, base_url=base_url, headers=FOREIGN, **kwargs)
