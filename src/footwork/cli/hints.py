"""The terminal's wording of what to do next (``footwork.errors.Fix``) and of which input was
wrong (``FootworkError.field``): the commands and options a person types."""

from __future__ import annotations

from footwork.errors import Fix, FootworkError

CLI_HINTS: dict[Fix, str] = {
    Fix.CHOOSE_PERSON: "Say whose data this is with --person NAME (names: footwork person list).",
    Fix.CREATE_PERSON: "Create one with: footwork person add YOUR-NAME",
    Fix.OTHER_NAME: "Use another name, or pick that profile with --person NAME.",
    Fix.FIND_MEASUREMENT: "See the ids with: footwork measure list",
    Fix.PHOTO_SCALE: "Use --px-per-mm to give a photo's scale; --cell-mm is for pressure grids.",
    Fix.GRID_PITCH: "Add --cell-mm, the distance between sensor centres in mm (often 5 to 10).",
    Fix.ANGLE_PRESET: "Use --preset big-toe-extension or --preset lunge to save it.",
    Fix.CHOOSE_SIDE: "Add --side left or --side right.",
    Fix.CHOOSE_EXERCISE: "Say which with --exercise NAME.",
    Fix.NO_ANNOTATION: "Leave out --annotate.",
    Fix.EXPORT_FILE: "Import the footwork.json file that 'footwork export' wrote.",
    Fix.LANDMARK_FILE: "Write the file with: footwork pose CLIP --out FILE.csv",
}


def cli_hint(exc: FootworkError) -> str | None:
    """What to do next, in terminal words where the error names a fix."""
    return CLI_HINTS.get(exc.fix, exc.hint) if exc.fix else exc.hint
