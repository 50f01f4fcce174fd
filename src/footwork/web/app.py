"""Building the FastAPI app. Nothing happens at import time: ``create_app`` does the work."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.middleware.trustedhost import TrustedHostMiddleware
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool

from footwork.config import Settings
from footwork.web import (
    account_actions,
    account_pages,
    admin_pages,
    api,
    api_coach,
    api_media,
    assets,
    browser_pose,
    coach_pages,
    coach_plan_pages,
    data_pages,
    errors,
    live_camera,
    media_pages,
    pages,
    progress_pages,
    session_pages,
    team,
)
from footwork.web.filters import register_filters
from footwork.web.jobs import job_runner, look_after_every, sweep, sweep_every
from footwork.web.live_camera import LiveHub
from footwork.web.live_sessions import LiveSessions
from footwork.web.options import WebOptions
from footwork.web.security import (
    CSRFMiddleware,
    SecureCookiesMiddleware,
    SecurityHeadersMiddleware,
    csrf_field,
    csrf_token,
    load_secret,
    make_token,
)
from footwork.web.uploads import BodyLimit, body_limit

HERE = Path(__file__).parent


def create_app(settings: Settings, options: WebOptions | None = None) -> FastAPI:
    """The whole web app for these settings: pages, the JSON API under /api, docs at /docs."""
    jobs = job_runner(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await run_in_threadpool(jobs.recover)  # jobs a crash cut off run again
        await run_in_threadpool(sweep, settings)  # files nobody kept, over a day old
        sweeper = asyncio.create_task(sweep_every(settings))
        looker = asyncio.create_task(look_after_every(jobs))
        yield
        sweeper.cancel()
        looker.cancel()
        jobs.shutdown()

    app = FastAPI(
        lifespan=lifespan,
        dependencies=[Depends(team.enforce)],  # every route's access rule (web/policies.py)
        title="footwork",
        summary="Measure your feet, follow a short programme, track progress. Offline.",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.options = options or WebOptions()
    secret = load_secret(settings.home)
    app.state.csrf_token = make_token(secret)  # the local app's (tests read it)
    app.state.templates = _templates(settings, app.state.options.team)
    app.state.live_sessions = LiveSessions()
    app.state.live_hub = LiveHub()  # live camera sets (web/live_camera.py)
    app.state.jobs = jobs
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in (
        assets,
        browser_pose,
        pages,
        session_pages,
        live_camera,
        progress_pages,
        data_pages,
        media_pages,
        api,
        api_media,
        account_pages,
        account_actions,
        admin_pages,
        coach_pages,
        api_coach,
        coach_plan_pages,
    ):
        app.include_router(module.router)
    errors.install(app)
    team.install(app)
    opts = app.state.options
    limit_for = body_limit(opts.max_upload_bytes, opts.max_video_bytes)
    app.add_middleware(BodyLimit, limit_for=limit_for)
    app.add_middleware(CSRFMiddleware, secret=secret)
    if app.state.options.allowed_hosts is not None:
        app.add_middleware(
            TrustedHostMiddleware, allowed_hosts=list(app.state.options.allowed_hosts)
        )
    if opts.secure_cookies:
        app.add_middleware(SecureCookiesMiddleware)  # every cookie only over HTTPS
    app.add_middleware(SecurityHeadersMiddleware)  # outermost: every answer carries them
    return app


def _templates(settings: Settings, team_mode: bool = False) -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    register_filters(templates.env)
    templates.env.globals["csrf_field"] = csrf_field
    templates.env.globals["csrf_token"] = csrf_token
    templates.env.globals["team_mode"] = team_mode
    # With a job queue, clips are analysed by workers, perhaps on other machines: the pages say
    # so instead of "on this computer".
    templates.env.globals["on_queue"] = settings.broker_url is not None
    return templates
