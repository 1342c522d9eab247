"""`accord check`: the findings, each with the person accountable for resolving it."""

from __future__ import annotations

from typing import Annotated

import typer

from accord.alignment.findings import Severity
from accord.alignment.lifecycle import FindingState
from accord.cli.errors import reports_errors
from accord.cli.output import JsonFlag, console, emit_json, table
from accord.cli.state import state
from accord.domain.codec import Json, decode_value
from accord.services.findings import Tracked


def finding_json(tracked: Tracked) -> dict[str, Json]:
    found = tracked.finding
    decider = found.decider
    return {
        "id": found.id,
        "handle": tracked.handle,
        "state": tracked.state.value,
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
    """Find role confusion and misalignment, and name who decides each one.

    Findings are recorded: new ones open, those whose facts are gone resolve themselves.
    `--fail-on` counts open and acknowledged findings only (not accepted or resolved ones)."""
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
    if threshold is not None and any(t.state.active and t.finding.severity.at_least(threshold) for t in found):
        raise typer.Exit(3)


def _brief(tracked: list[Tracked]) -> None:
    if not tracked:
        console.print("No findings.")
        return
    found = [t.finding for t in tracked]
    counts = {s: sum(1 for f in found if f.severity is s) for s in Severity}
    summary = ", ".join(f"{n} {s.value}" for s, n in counts.items() if n)
    console.print(f"[bold]{len(found)} findings[/] ({summary})\n")
    colours = {Severity.CRITICAL: "bold red", Severity.HIGH: "red", Severity.MEDIUM: "yellow", Severity.LOW: "cyan"}
    for t in tracked:
        f = t.finding
        state = "" if t.state is FindingState.OPEN else f" [{t.state.value}]"
        console.print(
            f"[{colours[f.severity]}]{f.severity.value.upper()}[/] {t.handle} {f.rule}{state}  [dim]{f.id}[/]",
            highlight=False,
        )
        console.print(f"  {f.explanation}", highlight=False)
        d = f.decider
        if d is not None:
            who = ", ".join(d.accountable) or "nobody (that is a finding too)"
            extra = f"; consult {', '.join(d.consult)}" if d.consult else ""
            console.print(f"  → decides: {who} ({d.decision_type} on {d.entity}){extra}", highlight=False)
        console.print()


findings = typer.Typer(
    help="The recorded findings and their lifecycle: acknowledge, resolve, accept.", no_args_is_help=True
)


@findings.command("list")
@reports_errors
def findings_list(
    ctx: typer.Context,
    in_state: Annotated[
        str | None,
        typer.Option("--state", metavar="open|acknowledged|resolved|accepted", help="Only findings in this state."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """List recorded findings as last seen by `accord check`."""
    s = state(ctx)
    wanted = None if in_state is None else decode_value(FindingState, in_state, "findings", "state")
    rows = s.accord.findings.recorded(s.actor(), wanted)
    if as_json:
        emit_json([_row_json(r) for r in rows])
        return
    console.print(
        table(
            "Findings",
            ["handle", "state", "severity", "rule", "explanation"],
            ([r["handle"], r["state"], r["severity"], r["rule"], r["explanation"]] for r in rows),
        )
    )


def _row_json(row: dict[str, object]) -> dict[str, Json]:
    return {
        "handle": row["handle"],
        "id": row["fact_id"],
        "rule": row["rule"],
        "severity": row["severity"],
        "state": row["state"],
        "entities": row["entities"],
        "explanation": row["explanation"],
        "decider": row["decider"],
        "decision": row["decision"],
        "changed_by": row["changed_by"],
        "changed_at": row["changed_at"].isoformat() if hasattr(row["changed_at"], "isoformat") else row["changed_at"],
    }


def _change(ctx: typer.Context, handle: str, new: FindingState, decision: str | None, as_json: bool) -> None:
    s = state(ctx)
    row = s.accord.findings.change(s.actor(), handle, new, decision)
    if as_json:
        emit_json(_row_json(row))
    else:
        console.print(f"Finding {row['handle']} is {row['state']}.")


@findings.command("ack")
@reports_errors
def findings_ack(
    ctx: typer.Context,
    handle: Annotated[str, typer.Argument(help="F-n or the finding's id.")],
    as_json: JsonFlag = False,
) -> None:
    """Acknowledge a finding: someone is on it."""
    _change(ctx, handle, FindingState.ACKNOWLEDGED, None, as_json)


@findings.command("resolve")
@reports_errors
def findings_resolve(
    ctx: typer.Context,
    handle: Annotated[str, typer.Argument(help="F-n or the finding's id.")],
    as_json: JsonFlag = False,
) -> None:
    """Mark a finding resolved (the next check opens it again if its facts are still there)."""
    _change(ctx, handle, FindingState.RESOLVED, None, as_json)


@findings.command("accept")
@reports_errors
def findings_accept(
    ctx: typer.Context,
    handle: Annotated[str, typer.Argument(help="F-n or the finding's id.")],
    decision: Annotated[str, typer.Option(help="The decision-log entry that accepts it (see `accord decide`).")],
    as_json: JsonFlag = False,
) -> None:
    """Accept a finding as it is, on the record of a decision."""
    _change(ctx, handle, FindingState.ACCEPTED, decision, as_json)
