"""The CLI reference (docs/cli.md), generated from the commands' own help so it cannot drift.

Regenerate with:  python -m footwork.cli.reference > docs/cli.md
A test checks the file is current.
"""

from __future__ import annotations

import typer
from typer.main import get_command

from footwork.cli.main import build_app


def _params(command) -> list[str]:  # type: ignore[no-untyped-def]
    lines = []
    for p in command.params:
        if getattr(p, "hidden", False) or p.name == "help":
            continue
        value = p.display_type_rich(None) or ""
        limits = p._get_number_range_help_str()
        value += f" ({limits})" if limits else ""
        if p.param_type_name == "argument":
            head = f"`{p.display_name_raw}` {value}".rstrip()
        else:
            head = ", ".join(f"`{o}`" for o in [*p.opts, *p.secondary_opts])
            head += f" {value}" if value else ""
        lines.append(f"- {head}: {getattr(p, 'help', '') or ''}".rstrip(": "))
    return lines


def _walk(command, path: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    out: list[str] = []
    subcommands = getattr(command, "commands", None)
    if subcommands:
        if path:
            out += [f"## {' '.join(path)}", "", (command.help or "").strip(), ""]
        for name in sorted(subcommands):
            out += _walk(subcommands[name], [*path, name])
        return out
    out += [f"### footwork {' '.join(path)}", "", (command.help or "").strip(), ""]
    out += _params(command)
    return [*out, ""]


def reference(app: typer.Typer | None = None) -> str:
    root = get_command(app or build_app())
    head = [
        "# footwork command reference",
        "",
        "Generated from `--help` by `python -m footwork.cli.reference`; do not edit.",
        "",
    ]
    return "\n".join(head + _walk(root, [])).rstrip() + "\n"


if __name__ == "__main__":
    print(reference(), end="")
