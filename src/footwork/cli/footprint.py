"""footwork footprint PHOTO | footwork measure angle PHOTO."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from footwork.cli.common import JsonOpt, PersonOpt, settings
from footwork.cli.output import console, print_public
from footwork.domain.sides import parse_side
from footwork.errors import InvalidInput
from footwork.vision.pictures.angle_presets import AnglePreset

if TYPE_CHECKING:  # the picture services load OpenCV and the database: only when a command runs
    from footwork.services.pictures import FootprintReport, FootReport, PhotoAngleResult

AnnotateOpt = Annotated[
    Path | None,
    typer.Option("--annotate", help="Write a PNG with the measurement drawn on it."),
]
SaveOpt = Annotated[bool, typer.Option("--save", help="Store the results as measurements.")]
# How sure the left/right call is, in words that cannot be read as an arch type ("high").
SIDE_SURE = {
    "high": "side: sure",
    "medium": "side: likely",
    "low": "side: unsure",
    "given": "side: as given",
}


def footprint(
    photo: Annotated[
        Path,
        typer.Argument(
            help="Photo of an ink or wet footprint, a podoscope photo, or a pressure-grid CSV."
        ),
    ],
    annotate: AnnotateOpt = None,
    as_json: JsonOpt = False,
    px_per_mm: Annotated[
        float | None,
        typer.Option(
            "--px-per-mm",
            help="Photo scale; overrides the scale found from a whole A4/Letter sheet.",
        ),
    ] = None,
    cell_mm: Annotated[
        float | None,
        typer.Option("--cell-mm", help="Pressure grids: distance between sensor centres in mm."),
    ] = None,
    side: Annotated[
        str | None,
        typer.Option(
            "--side",
            "-s",
            help="left or right: names the foot of a one-print photo instead of the guess "
            "from its shape. A photo with two prints is refused with it.",
        ),
    ] = None,
    podoscope: Annotated[
        bool | None,
        typer.Option(
            "--podoscope/--paper",
            help="What the photo shows: a podoscope (the foot on lit glass, photographed from "
            "below: light contact on a dark plate) or a print on paper. Left out, footwork "
            "decides from the photo.",
            show_default=False,
        ),
    ] = None,
    save: SaveOpt = False,
    person: PersonOpt = None,
) -> None:
    """Arch index, Chippaux-Smirak, Staheli, Clarke and Hernández-Corvo from a footprint."""
    from footwork.services import pictures

    foot = parse_side(side) if side else None
    done = pictures.footprint(
        settings(), photo, person=person, save=save, px_per_mm=px_per_mm, cell_mm=cell_mm,
        annotate=annotate, side=foot, podoscope=podoscope,
    )  # fmt: skip
    report, saved = done.report, done.saved
    if as_json:
        from footwork.services.schemas import footprint_public

        drawn = str(report.annotated) if report.annotated else None
        print_public(footprint_public(report, saved, overlay=drawn))
        return
    _render_footprint(report, len(saved))


def _render_footprint(report: FootprintReport, saved: int) -> None:
    out = console()
    table = Table(title=f"Footprint: {Path(report.source).name}")
    table.add_column("measure")
    for foot in report.feet:
        sure = SIDE_SURE.get(foot.side_confidence, foot.side_confidence)
        table.add_column(f"{foot.side.value} foot ({sure})", justify="right")
    rows = [
        ("Arch index (Cavanagh-Rodgers)", lambda f: f"{f.arch_index:.3f}"),
        ("Arch category", lambda f: f.category.value),
        ("Chippaux-Smirak", lambda f: f"{f.chippaux_smirak_pct:.1f} %"),
        ("Staheli", lambda f: f"{f.staheli:.2f}"),
        ("Clarke's angle", lambda f: f"{f.clarke_deg:.1f}°"),
        ("Hernández-Corvo", lambda f: f"{f.hernandez_corvo_pct:.0f} % ({_hc_type(f)})"),
        ("Foot length", lambda f: f"{f.length_mm:.0f} mm" if f.length_mm else "no scale"),
        ("Foot width", lambda f: f"{f.width_mm:.0f} mm" if f.width_mm else "no scale"),
    ]
    for name, cell in rows:
        table.add_row(name, *(cell(f) for f in report.feet))
    out.print(table)
    seen = "from below (podoscope or sole photo)" if report.seen_from == "below" else "from above"
    out.print(f"Scale: {report.scale_source}. Seen {seen}. Axis: {report.feet[0].axis}.")
    for note in [*report.warnings, *(w for f in report.feet for w in f.warnings)]:
        out.print(f"[yellow]Note:[/] {note}")
    out.print(f"[dim]{report.caution}[/]")
    if report.annotated:
        out.print(f"Annotated image: {report.annotated}")
    if saved:
        out.print(f"Saved {saved} measurements.")


def _hc_type(foot: FootReport) -> str:
    from footwork.domain.norms import hernandez_corvo_band

    return hernandez_corvo_band(foot.hernandez_corvo_pct).label


def angle(
    photo: Annotated[Path, typer.Argument(help="The photo the points were picked on.")],
    points: Annotated[
        str,
        typer.Option("--points", help='Pixel points "x1,y1 x2,y2 x3,y3" (lunge: "knee ankle").'),
    ],
    preset: Annotated[
        AnglePreset,
        typer.Option(
            "--preset",
            help="big-toe-extension: metatarsal shaft, joint centre, phalanx point. "
            "lunge: knee, ankle (shin angle from vertical).",
        ),
    ] = AnglePreset.NONE,
    side: Annotated[str | None, typer.Option("--side", "-s", help="left or right.")] = None,
    annotate: AnnotateOpt = None,
    as_json: JsonOpt = False,
    save: SaveOpt = False,
    person: PersonOpt = None,
) -> None:
    """Measure an angle on a photo from clicked points, like a goniometer app."""
    from footwork.services import pictures

    foot = parse_side(side) if side else None
    if save and (preset is AnglePreset.NONE or foot is None):
        raise InvalidInput("--save needs --preset (big-toe-extension or lunge) and --side.")
    done = pictures.photo_angle(
        settings(), photo, points, preset=preset, side=foot, person=person, save=save,
        annotate=annotate,
    )  # fmt: skip
    result, saved = done.result, done.saved
    if as_json:
        from footwork.services.schemas import photo_angle_public

        drawn = str(result.annotated) if result.annotated else None
        print_public(photo_angle_public(result, saved, annotated=drawn))
        return
    _render_angle(result, len(saved))


def _render_angle(result: PhotoAngleResult, saved: int) -> None:
    out = console()
    a = result.angle
    name = result.kind.value if result.kind else "angle"
    side = f", {result.side.value}" if result.side else ""
    out.print(f"{name}{side}: [bold]{a.value_deg:.1f}°[/]")
    out.print(f"[dim]{a.definition}.[/]")
    if result.annotated:
        out.print(f"Annotated image: {result.annotated}")
    if saved:
        out.print("Saved.")


def register(app: typer.Typer, measure_app: typer.Typer) -> None:
    app.command("footprint")(footprint)
    measure_app.command("angle")(angle)
