"""Messages from the inner layers name no interface; each interface words the next step.

The domain, vision, storage and services layers are shared by the terminal and the web app, so
a text they produce must not tell a browser user to type a command or a flag. Where the next
step differs per interface, the error carries a ``Fix`` that cli/hints.py and web/hints.py word.
"""

from __future__ import annotations

import ast
import re
from datetime import datetime
from pathlib import Path

import pytest

from footwork.cli.hints import CLI_HINTS
from footwork.domain.exercises import get_exercise
from footwork.domain.limits import check_name, parse_number
from footwork.domain.measures import (
    MeasureKind,
    Method,
    NewMeasurement,
    parse_kind,
    parse_method,
    validate,
)
from footwork.domain.schedule import parse_times
from footwork.domain.session import check_scale
from footwork.domain.sides import Side, parse_side
from footwork.domain.units import Unit, parse_unit
from footwork.errors import Fix, FootworkError
from footwork.web.hints import PAGE_FIELDS, PAGE_HINTS, web_field

SRC = Path(__file__).resolve().parents[1] / "src" / "footwork"
INNER = ("domain", "vision", "storage", "services")
COMMANDS = (
    "analyze|assess|coach|export|footprint|import|measure|outcome|person|plan|pose|progress"
    "|serve|start|worker|user|token|team invite"  # "the footwork team" is no command
)
INTERFACE_WORDS = re.compile(
    rf"(?<![\w-])--[a-z]|\bfootwork ({COMMANDS})\b|\bRun '|\bRun:|\bpython -m footwork\b"
)


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the constant nodes that are docstrings (they document code, not users)."""
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found.add(id(value))
    return found


def interface_words(source: str) -> list[tuple[int, str]]:
    """(line, text) of every non-docstring string in ``source`` that names an interface."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and INTERFACE_WORDS.search(node.value)
    )


def test_the_scan_finds_a_flag_a_command_and_a_run_hint_but_not_a_docstring_or_a_line_style():
    source = '''
def f():
    """Asks for ``--exercise``; see footwork analyze."""
    plot(style="x--")
    raise InvalidInput("No scale.", hint="Give --px-per-mm.")
    raise NotFound("Nobody.", hint="Run: footwork person add NAME")
    note = f"Then run 'footwork coach' for {name}"
'''
    found = [text for _, text in interface_words(source)]
    assert found == [
        "Give --px-per-mm.",
        "Run: footwork person add NAME",
        "Then run 'footwork coach' for ",
    ]


@pytest.mark.parametrize("layer", INNER)
def test_no_message_of_an_inner_layer_names_a_command_or_a_flag(layer: str):
    offenders = [
        f"{path.relative_to(SRC)}:{line}: {text!r}"
        for path in sorted((SRC / layer).rglob("*.py"))
        if "migrations" not in path.parts
        for line, text in interface_words(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_every_fix_is_worded_by_the_terminal_and_by_the_pages():
    assert set(CLI_HINTS) == set(Fix)
    assert set(PAGE_HINTS) == set(Fix)
    assert not any(INTERFACE_WORDS.search(text) for text in PAGE_HINTS.values())


# Which input was wrong: a neutral name on the error, worded by each interface ---------------


def _raised_fields(layer: str) -> set[str]:
    """Every ``field="..."`` a raise site of an inner layer gives."""
    found = set()
    for path in (SRC / layer).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "field":
                value = node.value
                if isinstance(value, ast.Constant) and isinstance(value.value, str):
                    found.add(value.value)
    return found


def _typed(value: float, unit: Unit) -> NewMeasurement:
    return NewMeasurement(MeasureKind.BIG_TOE_EXTENSION, Side.LEFT, value, unit, Method.GONIOMETER,
                          datetime(2026, 1, 5, 8, 0))  # fmt: skip


def _error_of(call) -> FootworkError:
    with pytest.raises(FootworkError) as caught:
        call()
    return caught.value


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: parse_side("middle"), "side"),
        (lambda: get_exercise("jumping-jack"), "exercise"),
        (lambda: parse_unit("furlong"), "unit"),
        (lambda: parse_number("4_8"), "value"),
        (lambda: check_scale("pain", 11), "pain"),
        (lambda: parse_times("7"), "times"),
        (lambda: check_name("  "), "name"),
        (lambda: parse_kind("elbow"), "measure"),
        (lambda: parse_method("ruler-ish"), "method"),
        (lambda: validate(_typed(500.0, Unit.DEG)), "value"),
        (lambda: validate(_typed(50.0, Unit.CM)), "unit"),
    ],
)
def test_a_domain_error_names_the_input_it_is_about(call, field):
    exc = _error_of(call)
    assert exc.field == field
    assert not INTERFACE_WORDS.search(exc.field)


def test_an_error_without_a_field_names_no_input():
    exc = FootworkError("Something went wrong.")
    assert exc.field is None
    assert web_field(exc, api=True) is None and web_field(exc, api=False) is None


def test_each_interface_names_the_input_its_own_way():
    exc = _error_of(lambda: get_exercise("jumping-jack"))
    assert web_field(exc, api=True) == "exercise"  # the API's parameter has the neutral name
    assert web_field(exc, api=False) == "the exercise"
    assert web_field(_error_of(lambda: parse_side("middle")), api=False) == "the foot"


def test_every_field_the_inner_layers_name_is_worded_by_the_pages():
    fields = set().union(*(_raised_fields(layer) for layer in INNER))
    assert {"side", "exercise", "unit", "value"} <= fields
    assert fields <= set(PAGE_FIELDS), fields - set(PAGE_FIELDS)
    assert not any(INTERFACE_WORDS.search(text) for text in PAGE_FIELDS.values())
