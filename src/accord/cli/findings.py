"""`accord check`: the findings, each with the person accountable for resolving it."""

from __future__ import annotations

from typing import Annotated

import typer

from accord.alignment.findings import Finding, Severity
from accord.cli.errors import reports_errors
from accord.cli.output import JsonFlag, console, emit_json
from accord.cli.state import state
from accord.domain.codec import Json, decode_value


def finding_json(found: Finding) -> dict[str, Json]:
    decider = found.decider
    return {
        "id": found.id,
        "rule": found.rule,
        "severity": found.severity.value,
        "entities": list(found.entities),
        "explanation": found.explanation,
        "facts": {k: v for k, v in found.facts.items()},
        "decider": None
        if decider is None
        else {
            "people": list(decider.accountable),
            "decision_type": decider.decision_type,
            "entity": decider.entity,
            "consult": list(decider.consult),
            "inform": list(decider.inform),
        },
    }


@reports_errors
def check(
    ctx: typer.Context,
    program: Annotated[str | None, typer.Option(help="Only findings about this program and its projects.")] = None,
    project: Annotated[str | None, typer.Option(help="Only findings about this project.")] = None,
    product: Annotated[str | None, typer.Option(help="Only findings about this product and its features.")] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on", metavar="critical|high|medium|low", help="Exit 3 when a finding this severe or worse is open."
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Find role confusion and misalignment, and name who decides each one."""
    s = state(ctx)
    scopes = [x for x in (program, project, product) if x]
    if len(scopes) > 1:
        raise typer.BadParameter("give at most one of --program, --project, --product")
    threshold = None if fail_on is None else decode_value(Severity, fail_on, "check", "fail_on")
    found = s.accord.findings.check(s.actor(), scopes[0] if scopes else None)
    if as_json:
        emit_json([finding_json(f) for f in found])
    else:
        _brief(found)
    if threshold is not None and any(f.severity.at_least(threshold) for f in found):
        raise typer.Exit(3)


def _brief(found: list[Finding]) -> None:
    if not found:
        console.print("No findings.")
        return
    counts = {s: sum(1 for f in found if f.severity is s) for s in Severity}
    summary = ", ".join(f"{n} {s.value}" for s, n in counts.items() if n)
    console.print(f"[bold]{len(found)} findings[/] ({summary})\n")
    colours = {Severity.CRITICAL: "bold red", Severity.HIGH: "red", Severity.MEDIUM: "yellow", Severity.LOW: "cyan"}
    for f in found:
        console.print(f"[{colours[f.severity]}]{f.severity.value.upper()}[/] {f.rule}  [dim]{f.id}[/]", highlight=False)
        console.print(f"  {f.explanation}", highlight=False)
        d = f.decider
        if d is not None:
            who = ", ".join(d.accountable) or "nobody (that is a finding too)"
            extra = f"; consult {', '.join(d.consult)}" if d.consult else ""
            console.print(f"  → decides: {who} ({d.decision_type} on {d.entity}){extra}", highlight=False)
        console.print()
