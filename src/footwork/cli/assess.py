"""footwork assess: guided tests per foot, typed results, and the report against targets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.panel import Panel
from rich.prompt import Prompt
from rich.table import Table

from footwork.cli.common import JsonOpt, PersonOpt, interactive, parse_when, settings
from footwork.cli.output import console, fmt_value, print_public
from footwork.domain.assessment import AssessmentReport, Finding
from footwork.domain.measures import (
    KINDS,
    MeasureKind,
    NewMeasurement,
    default_method,
    parse_method,
    validate,
)
from footwork.domain.norms import HEALTHY_BANDS, NORMS
from footwork.domain.protocols import PROTOCOLS, Protocol
from footwork.domain.sides import Side
from footwork.domain.units import parse_unit
from footwork.errors import FootworkError, InvalidInput


def assess(
    input_file: Annotated[
        Path | None,
        typer.Option(
            "--input",
            "-i",
            help="A JSON list or CSV "
            "of measurements (kind, side, value, unit, method[, taken_at, note]) "
            "to record instead of typing them.",
        ),
    ] = None,
    show: Annotated[
        bool, typer.Option("--show", help="Only show the report from what is stored; ask nothing.")
    ] = False,
    person: PersonOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Do the three foot tests on each foot and see your results against the targets."""
    from footwork.services import measurements, planning, transfer

    cfg = settings()
    if input_file is not None:
        measurements.record(cfg, transfer.read_measurement_file(input_file), person)
    elif not show and interactive() and not as_json:
        guided_entry(person)
    name, report = planning.assessment(cfg, person)
    if as_json:
        from footwork.services.schemas import assessment_public

        print_public(assessment_public(name, report))
    else:
        show_report(name, report)


# Interactive -------------------------------------------------------------------------------


def guided_entry(person: str | None) -> None:
    from footwork.services import measurements

    cfg = settings()
    console().print(
        Panel(
            "Three short tests on each foot. Type what you measured, or press "
            "Enter to skip a test.",
            title="footwork assessment",
        )
    )
    for protocol in PROTOCOLS:
        _show_protocol(protocol)
        for kind in protocol.records:
            for side in Side:
                new = _ask_measurement(kind, side)
                if new is not None:
                    measurements.record(cfg, [new], person)


def _show_protocol(p: Protocol) -> None:
    steps = "\n".join(f"{i}. {s}" for i, s in enumerate(p.steps, start=1))
    console().print(Panel(f"[italic]{p.why}[/]\n\n{steps}", title=p.title, title_align="left"))


def _ask_measurement(kind: MeasureKind, side: Side) -> NewMeasurement | None:
    spec = KINDS[kind]
    while True:
        raw = Prompt.ask(
            f"{spec.title}, [bold]{side.value}[/] (in {spec.unit.value}, Enter to skip)",
            default="",
            show_default=False,
        )
        if not raw.strip():
            return None
        try:
            value, unit = _split_value(raw, spec.unit.value)
            default = default_method(kind).value
            validate(
                NewMeasurement(
                    kind, side, value, parse_unit(unit), parse_method(default), parse_when(None)
                )
            )
            method = Prompt.ask(
                "  measured with", default=default, choices=[m.value for m in spec.methods]
            )
            new = NewMeasurement(
                kind, side, value, parse_unit(unit), parse_method(method), parse_when(None)
            )
            validate(new)
            return new
        except FootworkError as exc:
            console().print(f"[red]{exc.message}[/] {exc.hint or ''}")


def _split_value(raw: str, default_unit: str) -> tuple[float, str]:
    text = raw.strip().replace(",", ".")
    number = text.rstrip('abcdefghijklmnopqrstuvwxyz°%" ').strip()
    unit = text[len(number) :].strip() or default_unit
    try:
        return float(number), unit
    except ValueError:
        raise InvalidInput(f"{raw!r} is not a number.", hint="Type a number, like 52.") from None


# Report ------------------------------------------------------------------------------------


def _result(f: Finding) -> str:
    colour = "green" if f.band in HEALTHY_BANDS else "yellow"
    return f"[{colour}]{f.band}[/]" if f.band else f.meaning


def show_report(name: str, report: AssessmentReport) -> None:
    c = console()
    if report.is_empty:
        c.print(
            f"No measurements for {name} yet. Run 'footwork assess' at a terminal to be "
            "guided, or 'footwork measure add'."
        )
        return
    table = Table(title=f"Assessment: {name}", title_justify="left")
    for col in ("measure", "side", "value", "result", "target", "real change ≥"):
        table.add_column(col)
    for f in report.findings:
        table.add_row(
            f.title,
            f.side.value,
            fmt_value(f.value, f.unit),
            _result(f),
            fmt_value(f.target, f.unit) if f.target is not None else "-",
            f"{fmt_value(f.mdc, f.unit)} ({f.method})" if f.mdc else "-",
        )
    c.print(table)
    for d in report.side_differences:
        if d.notable:
            c.print(
                f"[yellow]Side difference[/] in {KINDS[d.kind].title}: left {d.left:.3g}, "
                f"right {d.right:.3g}; larger than measurement noise ({d.threshold:g})"
                + ("." if d.same_method else f", the larger error of a {d.left_method.value} "
                   f"(left) and a {d.right_method.value} (right).")
            )  # fmt: skip
    for kind in dict.fromkeys(f.kind for f in report.findings):
        if NORMS[kind].evidence:
            c.print(f"[bold]{KINDS[kind].title}[/]: {NORMS[kind].evidence}")
    if report.missing:
        todo = ", ".join(f"{KINDS[k].title} ({s.value})" for k, s in report.missing)
        c.print(f"[dim]Not measured yet: {todo}.[/]")
    c.print(f"[italic]{report.note}[/]")


def register(app: typer.Typer, measure_app: typer.Typer) -> None:
    app.command("assess")(assess)
