"""Files the pages need, served by the app itself so everything works without internet:
the plotly chart library (from the plotly package) and Swagger UI for /docs (from the
swagger-ui-bundle package).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse

from footwork.errors import NotFound

router = APIRouter(include_in_schema=False)
CACHE = {"Cache-Control": "public, max-age=86400"}
SWAGGER_FILES = {"swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"}


@cache
def plotly_js() -> Path:
    return Path(str(resources.files("plotly") / "package_data" / "plotly.min.js"))


@cache
def swagger_dir() -> Path:
    import swagger_ui_bundle

    return Path(swagger_ui_bundle.swagger_ui_path)


@router.get("/assets/plotly.min.js")
def plotly() -> FileResponse:
    return FileResponse(plotly_js(), media_type="text/javascript", headers=CACHE)


@router.get("/assets/swagger/{name}")
def swagger_asset(name: str) -> FileResponse:
    if name not in SWAGGER_FILES:
        raise NotFound(f"No documentation asset called {name!r}.")
    return FileResponse(swagger_dir() / name, headers=CACHE)


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    """Swagger UI, started by a script file rather than FastAPI's inline script, which the
    Content-Security-Policy forbids."""
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "docs.html", {"openapi_url": request.app.openapi_url}
    )
