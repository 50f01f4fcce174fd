"""Dependencies point inward: cli/web → services → vision, storage → domain.

The imports of every module are read with ``ast`` (nothing is imported or run), so a wrong-way
import anywhere in a package fails this test, including one inside a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "footwork"

RULES: dict[str, tuple[str, ...]] = {
    "domain": (
        "footwork.storage", "footwork.services", "footwork.cli", "footwork.vision",
        "footwork.web", "footwork.worker", "sqlalchemy", "alembic", "typer", "rich", "cv2",
        "mediapipe", "matplotlib",
    ),
    "storage": ("footwork.services", "footwork.cli", "footwork.web", "footwork.vision"),
    "vision": ("footwork.storage", "footwork.services", "footwork.cli", "footwork.web"),
    "services": ("footwork.cli", "footwork.web"),
}  # fmt: skip


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, with relative imports resolved to absolute names."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def violations(package: str, banned: tuple[str, ...]) -> tuple[int, list[str]]:
    """(how many imports were seen, the wrong-way ones as 'file: module')."""
    seen, wrong = 0, []
    for path in sorted((SRC / package).rglob("*.py")):
        names = imports_of(path)
        seen += len(names)
        for name in sorted(names):
            if any(name == b or name.startswith(b + ".") for b in banned):
                wrong.append(f"{path.relative_to(SRC)}: {name}")
    return seen, wrong


@pytest.mark.parametrize("package", list(RULES))
def test_each_layer_imports_only_inward(package):
    seen, wrong = violations(package, RULES[package])
    assert seen > 0, f"found no imports in footwork.{package}: the scan is not looking"
    assert wrong == []


@pytest.mark.parametrize(
    ("package", "banned", "expected"),
    [
        ("services", ("footwork.storage",), "services/store.py: footwork.storage.engine"),
        ("storage", ("footwork.domain",), "storage/repository.py: footwork.domain.measures"),
        ("domain", ("footwork.errors",), "domain/units.py: footwork.errors"),
        ("cli", ("footwork.services",), "cli/measure.py: footwork.services"),
    ],
)
def test_the_scan_would_catch_a_wrong_way_import(package, banned, expected):
    _, wrong = violations(package, banned)
    assert expected in wrong


def test_relative_imports_are_resolved_to_the_package_they_name(tmp_path, monkeypatch):
    pkg = tmp_path / "footwork" / "domain"
    pkg.mkdir(parents=True)
    (pkg / "thing.py").write_text(
        "from ..storage import tables\nfrom . import units\nimport sqlalchemy.orm\n"
        "def later():\n    from ..cli.main import build_app\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(f"{__name__}.SRC", tmp_path / "footwork")
    assert imports_of(pkg / "thing.py") == {
        "footwork.storage", "footwork.storage.tables", "footwork.domain",
        "footwork.domain.units", "sqlalchemy.orm", "footwork.cli.main",
        "footwork.cli.main.build_app",
    }  # fmt: skip
    _, wrong = violations("domain", RULES["domain"])
    assert wrong == [
        "domain/thing.py: footwork.cli.main",
        "domain/thing.py: footwork.cli.main.build_app",
        "domain/thing.py: footwork.storage",
        "domain/thing.py: footwork.storage.tables",
        "domain/thing.py: sqlalchemy.orm",
    ]
