from pathlib import Path

from footwork.cli.reference import reference

ROOT = Path(__file__).resolve().parents[1]


def test_the_cli_reference_in_docs_matches_the_commands_help():
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == reference(), (
        "docs/cli.md is out of date: run  python -m footwork.cli.reference > docs/cli.md"
    )


def test_the_readme_names_the_two_commands_and_they_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for script in ("scripts/run.sh", "scripts/test.sh"):
        assert f"\n{script}\n" in readme
        assert (ROOT / script).stat().st_mode & 0o111, f"{script} is not executable"
