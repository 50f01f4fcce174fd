"""Building the FastAPI app. Nothing happens at import time: ``create_app`` does the work."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.trustedhost import TrustedHostMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from footwork.config import Settings
from footwork.services.web_support import LiveSessions
from footwork.web import (
    api,
    api_media,
    assets,
    data_pages,
    errors,
    media_pages,
    pages,
    progress_pages,
    session_pages,
)
from footwork.web.filters import register_filters
from footwork.web.jobs import JobRegistry
from footwork.web.options import WebOptions

HERE = Path(__file__).parent


def create_app(settings: Settings, options: WebOptions | None = None) -> FastAPI:
    """The whole web app for these settings: pages, the JSON API under /api, docs at /docs."""
    jobs = JobRegistry(workers=1)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.shutdown()

    app = FastAPI(
        lifespan=lifespan,
        title="footwork",
        summary="Measure your feet, follow a short programme, track progress. Offline.",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.options = options or WebOptions()
    app.state.templates = _templates()
    app.state.live_sessions = LiveSessions()
    app.state.jobs = jobs
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in (
        assets,
        pages,
        session_pages,
        progress_pages,
        data_pages,
        media_pages,
        api,
        api_media,
    ):
        app.include_router(module.router)
    errors.install(app)
    if app.state.options.allowed_hosts is not None:
        app.add_middleware(
            TrustedHostMiddleware, allowed_hosts=list(app.state.options.allowed_hosts)
        )
    return app


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    register_filters(templates.env)
    return templates
