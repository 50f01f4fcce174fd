"""The report as a PDF, drawn by WeasyPrint from the same report template. WeasyPrint needs
the Pango library from the system; where it is missing the route says so and the browser's
own "Print → Save as PDF" on /report still works.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from footwork.web.errors import FeatureUnavailable


def html_to_pdf(html: str) -> bytes:
    """PDF bytes of a self-contained page (inline CSS, images as file: URLs). Only local files
    are read; nothing is fetched from a network."""
    weasyprint = _weasyprint()
    fetcher = weasyprint.URLFetcher(allowed_protocols={"file", "data"})
    return bytes(weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf())


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the Pango library is missing
        raise FeatureUnavailable(
            f"PDF export is not available on this computer ({exc}).",
            hint="Install Pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0), or "
            "open the printable report and use your browser's Print → Save as PDF.",
        ) from None
    return weasyprint


def stylesheet(static: Path) -> str:
    return (static / "app.css").read_text(encoding="utf-8")
