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


def test_the_decision_rights_reference_matches_the_catalog() -> None:
    from accord.domain.catalog import default_decision_types
    from accord.domain.roles import Role

    lines = {
        line.split("|")[1].strip().strip("`"): line
        for line in (ROOT / "docs" / "decision-rights.md").read_text().splitlines()
        if line.startswith("| `")
    }
    for decision_type in default_decision_types():
        cells = [c.strip() for c in lines[decision_type.key].split("|")[3:-1]]
        assert cells == [decision_type.raci[r].value if r in decision_type.raci else "" for r in Role], (
            decision_type.key
        )


def test_every_command_takes_json_and_has_help() -> None:
    import typer.main

    from accord.cli.main import app

    def leaves(command: object, path: str) -> list[tuple[str, object]]:
        children = getattr(command, "commands", None)
        if not children:
            return [(path, command)]
        return [leaf for name, child in children.items() for leaf in leaves(child, f"{path} {name}")]

    found = leaves(typer.main.get_command(app), "accord")
    assert len(found) > 100
    for path, command in found:
        options = {opt for param in command.params for opt in getattr(param, "opts", [])}  # type: ignore[attr-defined]
        assert "--json" in options, path
        assert command.help, path  # type: ignore[attr-defined]


def test_every_rule_is_documented() -> None:
    import re

    from accord.alignment import rules as findings

    text = (ROOT / "docs" / "findings.md").read_text()
    codes = {code for rule in findings.RULES for code in re.findall(r"\b[A-Z]+(?:-[A-Z]+)+\b", rule.__doc__ or "")}
    assert len(codes) >= 12, "rules name their codes in their docstrings"
    assert codes == set(findings.CODES), "CODES lists exactly what the rules report"
    for code in codes:
        assert f"`{code}`" in text, code
