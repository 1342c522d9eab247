"""The documentation keeps up with the code."""

from __future__ import annotations

from pathlib import Path

from accord.domain.kinds import KINDS

ROOT = Path(__file__).resolve().parents[2]


def test_every_kind_is_described_in_the_model_docs() -> None:
    text = (ROOT / "docs" / "model.md").read_text()
    for cls in KINDS:
        assert f"(`{cls.plural}`)" in text, cls.plural


def test_the_readme_gives_the_two_commands_that_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "./scripts/demo" in readme and "./scripts/test" in readme
    assert "./scripts/test" in (ROOT / ".ci" / "run").read_text()


def test_the_pure_core_imports_no_outer_layer() -> None:
    forbidden = (
        "sqlalchemy",
        "typer",
        "rich",
        "fastapi",
        "accord.store",
        "accord.services",
        "accord.cli",
        "accord.bootstrap",
    )
    for layer in ("domain", "scheduling", "alignment"):
        for path in (ROOT / "src" / "accord" / layer).rglob("*.py"):
            for line in path.read_text().splitlines():
                stripped = line.strip()
                if stripped.startswith(("import ", "from ")):
                    assert not any(stripped.split()[1].startswith(name) for name in forbidden), f"{path}: {stripped}"
