"""What each layer may import: dependencies point inward (cli/web → services → vision, storage →
domain), and each layer names the third-party libraries it may use.

The imports of every module are read with ``ast`` (nothing is imported or run), so a wrong-way
import anywhere in a package fails these tests, including one inside a function or under
``TYPE_CHECKING``. The rules are allow-lists: a new import is refused until it is added here, with
its layer's reason.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "footwork"
STDLIB = frozenset(sys.stdlib_module_names) | {"__future__"}

# The footwork packages and the third-party libraries each layer may import (its own package is
# always allowed, and so is the standard library).
ALLOWED: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # Rules and facts, no I/O: nothing but itself and the error tree.
    "domain": (frozenset({"errors"}), frozenset()),
    # Pictures and poses in, numbers out: the numeric and image libraries and the pose model.
    "vision": (
        frozenset({"domain", "errors"}),
        frozenset({"numpy", "cv2", "scipy", "matplotlib", "mediapipe"}),
    ),
    # The only layer that knows SQL.
    "storage": (frozenset({"domain", "errors"}), frozenset({"sqlalchemy", "alembic"})),
    # Generated people and prints for tests, benchmarks and demonstrations.
    "synth": (frozenset({"domain", "errors", "vision"}), frozenset({"numpy", "cv2"})),
    # Use cases: no interface library (no typer, rich, fastapi, starlette, jinja2) and no SQL.
    # The job queue (Dramatiq, over Redis or RabbitMQ) is reached from services.job_queue only;
    # passwords are hashed (argon2) in services.accounts only.
    "services": (
        frozenset({"domain", "errors", "config", "storage", "vision", "synth"}),
        frozenset(
            {"numpy", "matplotlib", "pydantic", "icalendar", "dramatiq", "redis", "pika", "argon2"}
        ),
    ),
    # cryptography: the self-signed certificate of 'serve --https' (cli.certificate only).
    "cli": (
        frozenset({"services", "domain", "errors", "config", "vision", "web"}),
        frozenset({"typer", "rich", "uvicorn", "cryptography"}),
    ),
    "web": (
        frozenset({"services", "domain", "errors", "config", "vision"}),
        frozenset(
            {
                "fastapi",
                "starlette",
                "jinja2",
                "markupsafe",
                "pydantic",
                "filetype",
                "swagger_ui_bundle",
                "weasyprint",
            }
        ),
    ),
    "config": (frozenset(), frozenset({"platformdirs"})),
    "errors": (frozenset(), frozenset()),
    "__main__": (frozenset({"cli"}), frozenset()),
}

# Narrower rules inside what ALLOWED lets through, each as (importing modules, imported module,
# reason): only these importers may use that module.
ONLY_FROM: tuple[tuple[frozenset[str], str, str], ...] = (
    (
        frozenset({"footwork.services.demonstrations"}),
        "footwork.synth",
        "generated motion is for tests, benchmarks and the exercise demonstrations only",
    ),
    (
        frozenset({"footwork.services.job_queue"}),
        "dramatiq",
        "one module speaks to the job queue; the rest of footwork sees jobs in the database",
    ),
    (
        frozenset({"footwork.services.accounts"}),
        "argon2",
        "one module hashes and checks passwords",
    ),
    (
        frozenset({"footwork.cli.certificate"}),
        "cryptography",
        "one module makes and checks the HTTPS certificate of 'footwork serve --https'",
    ),
    (
        frozenset({"footwork.cli.serve"}),
        "footwork.web",
        "the serve command starts the web app; no other command knows the web",
    ),
)

# The interfaces read vision only for what they show of it: these modules, no pipeline.
INTERFACE_VISION = frozenset({
    "footwork.vision.pose.result",  # the analysis result type the interfaces show
    "footwork.vision.pose.classify",  # the exercise guess type shown beside it
    "footwork.vision.pose.exercises",  # the names of the exercises a clip can be analysed as
    "footwork.vision.pose.rep_measures",  # how a per-rep measure is labelled and formatted
    "footwork.vision.pictures.angle_presets",  # the photo-angle presets (no numpy)
})  # fmt: skip

PAGE_MODULES = ("pages", "_pages")  # web modules that render HTML pages


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


def _files(layer: str) -> list[Path]:
    single = SRC / f"{layer}.py"
    return [single] if single.exists() else sorted((SRC / layer).rglob("*.py"))


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def not_allowed(layer: str, allowed: tuple[frozenset[str], frozenset[str]]) -> list[str]:
    """The imports of a layer outside its allow-list, as 'file: module'."""
    packages, libraries = allowed
    wrong = []
    for path in _files(layer):
        names = imports_of(path)
        for name in sorted(names):
            top = name.split(".")[0]
            if top == "footwork":
                if name == "footwork":
                    continue
                package = name.split(".")[1]
                ok = package == layer or package in packages
            else:
                ok = top in STDLIB or top in libraries
            if not ok:
                wrong.append(f"{path.relative_to(SRC)}: {name}")
    return wrong


def test_every_package_has_rules():
    found = {p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    found |= {p.stem for p in SRC.glob("*.py") if p.stem != "__init__"}
    assert found == set(ALLOWED)


@pytest.mark.parametrize("layer", list(ALLOWED))
def test_each_layer_imports_only_what_it_may(layer):
    assert sum(len(imports_of(p)) for p in _files(layer)) > 0, f"no imports found in {layer}"
    assert not_allowed(layer, ALLOWED[layer]) == []


def _importers_of(prefix: str) -> set[str]:
    return {
        _module_name(path)
        for path in SRC.rglob("*.py")
        if not _within(_module_name(path), prefix)
        and any(_within(name, prefix) for name in imports_of(path))
    }


@pytest.mark.parametrize(("importers", "module", "reason"), ONLY_FROM)
def test_some_modules_are_used_from_one_place_only(importers, module, reason):
    assert _importers_of(module) <= importers, reason


def test_web_never_imports_the_cli():
    assert _importers_of("footwork.cli") <= {"footwork.__main__"}


def test_the_interfaces_read_vision_only_for_what_they_show():
    used = set()
    for layer in ("cli", "web"):
        for path in _files(layer):
            used |= {n for n in imports_of(path) if _within(n, "footwork.vision")}
    assert {n for n in used if not any(_within(n, m) for m in INTERFACE_VISION)} == set()


def test_no_api_module_imports_a_page_module():
    wrong = []
    for path in sorted((SRC / "web").glob("api*.py")):
        for name in imports_of(path):
            last = name.split(".")[-1]
            if _within(name, "footwork.web") and last.endswith(PAGE_MODULES):
                wrong.append(f"{path.name}: {name}")
    assert wrong == []


# The scan itself -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("layer", "allowed", "expected"),
    [
        ("services", (frozenset({"domain"}), frozenset()),
         "services/store.py: footwork.storage.engine"),
        ("storage", (frozenset({"errors"}), frozenset({"sqlalchemy"})),
         "storage/engine.py: alembic"),
        ("cli", (frozenset({"services"}), frozenset({"typer"})), "cli/assess.py: rich.panel"),
        ("domain", (frozenset(), frozenset()), "domain/units.py: footwork.errors"),
    ],
)  # fmt: skip
def test_the_scan_would_catch_a_wrong_import(layer, allowed, expected):
    wrong = not_allowed(layer, allowed)
    assert any(w.startswith(expected) for w in wrong), wrong[:10]


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
    assert not_allowed("domain", ALLOWED["domain"]) == [
        "domain/thing.py: footwork.cli.main",
        "domain/thing.py: footwork.cli.main.build_app",
        "domain/thing.py: footwork.storage",
        "domain/thing.py: footwork.storage.tables",
        "domain/thing.py: sqlalchemy.orm",
    ]
