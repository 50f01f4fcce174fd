"""Every command module is registered, and one that fails to import stops the CLI loudly."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
import typer

from footwork.cli import main

CLI = Path(main.__file__).resolve().parent


def _modules_with_register() -> set[str]:
    found = set()
    for path in CLI.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.FunctionDef) and n.name == "register" for n in tree.body):
            found.add(f"footwork.cli.{path.stem}")
    return found


def test_every_module_with_commands_is_listed():
    listed = set(main.COMMAND_MODULES)
    assert len(listed) >= 10
    assert _modules_with_register() == listed


def test_a_listed_module_that_does_not_exist_is_an_error_not_a_missing_command(monkeypatch):
    monkeypatch.setattr(main, "COMMAND_MODULES", (*main.COMMAND_MODULES, "footwork.cli.mesure"))
    with pytest.raises(ModuleNotFoundError, match=r"footwork\.cli\.mesure"):
        main.build_app()


def test_a_module_that_fails_inside_stops_the_build(monkeypatch, tmp_path):
    (tmp_path / "broken_commands.py").write_text("import no_such_library_here\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(main, "COMMAND_MODULES", ("broken_commands",))
    with pytest.raises(ModuleNotFoundError, match="no_such_library_here"):
        main.build_app()


def test_a_stopped_command_with_json_says_so_as_json(capsys):
    app = typer.Typer(cls=main._ReadableHelp)

    @app.command()
    def ask(as_json: bool = typer.Option(False, "--json")) -> None:
        raise typer.Abort()

    @app.command()
    def other() -> None:
        pass

    with pytest.raises(SystemExit) as stopped:
        typer.main.get_command(app).main(["ask", "--json"], prog_name="footwork")
    assert stopped.value.code == 1
    said = json.loads(capsys.readouterr().out)
    assert said == {"error": "Stopped.", "hint": None, "exit_code": 1}
