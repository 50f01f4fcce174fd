"""footwork export | import."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from footwork.cli.common import JsonOpt, PersonOpt, output_folder, settings
from footwork.cli.output import console, print_json, print_public


def export(
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Folder to write into (default: ./footwork-export-DATE)."),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Export everything: footwork.json (complete) plus CSV files for spreadsheets."""
    from footwork.services import transfer

    if as_json:
        print_json(transfer.export_document(settings()))
        return
    folder = output_folder(out or Path(f"footwork-export-{date.today().isoformat()}"), "--out")
    files = transfer.export_to(settings(), folder)
    console().print(f"Exported to {folder}/: " + ", ".join(f.name for f in files), soft_wrap=True)
    console().print(
        "Bring it back (on this or another machine) with: "
        f"footwork import {folder / 'footwork.json'}"
    )


def import_cmd(
    path: Annotated[
        Path, typer.Argument(help="footwork.json from an export, or a measurements CSV.")
    ],
    preview: Annotated[
        bool, typer.Option("--preview", help="Show what would be added; write nothing.")
    ] = False,
    person: PersonOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Import an export file. Records already present are skipped, so re-importing is safe."""
    from footwork.services import transfer

    result = transfer.import_file(settings(), path, preview=preview, person=person)
    if as_json:
        from footwork.services import schemas

        public = schemas.import_preview_public(result)
        print_public(schemas.ImportPreviewOfFile(**dict(public), source=result.source))
        return
    table = Table("records", "new", "already here")
    for key in result.new:
        table.add_row(key, str(result.new[key]), str(result.duplicate.get(key, 0)))
    console().print(table)
    if result.people_new:
        console().print("New profiles: " + ", ".join(result.people_new))
    if preview:
        console().print(
            f"Preview only: nothing written. Run without --preview to add "
            f"{result.total_new} records."
        )
    else:
        console().print(f"Imported {result.total_new} new records.")


def register(app: typer.Typer, measure_app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import")(import_cmd)
