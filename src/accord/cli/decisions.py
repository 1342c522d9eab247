"""`accord who-decides` and `accord raci`: decision rights, people resolved, with the reasons."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from accord.alignment.decision_rights import Answer, Line
from accord.cli.errors import reports_errors
from accord.cli.output import JsonFlag, console, emit_json, entity_json, table
from accord.cli.state import state
from accord.domain.codec import Json, decode_value
from accord.domain.roles import Responsibility, Role

NAMES = {r: r.name.lower() for r in Responsibility}


def _line(line: Line) -> dict[str, Json]:
    return {"person": line.person, "role": line.role.value if line.role else None, "reason": line.reason}


def answer_json(answer: Answer) -> dict[str, Json]:
    printed: dict[str, Json] = {"decision_type": answer.decision_type, "entity": answer.entity}
    for responsibility in Responsibility:
        printed[NAMES[responsibility]] = [_line(x) for x in answer.with_responsibility(responsibility)]
    printed["unfilled"] = [{**_line(x), "responsibility": x.responsibility.value} for x in answer.unfilled]
    return printed


@reports_errors
def who_decides(
    ctx: typer.Context,
    decision_type: Annotated[str, typer.Argument(help="A decision type, e.g. project.schedule_change.")],
    entity: Annotated[str | None, typer.Argument(help="The product, project or program it is about.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Who is accountable for a decision, who is responsible, consulted and informed, and why."""
    s = state(ctx)
    answer = s.accord.decision_rights.who_decides(s.actor(), decision_type, entity)
    if as_json:
        emit_json(answer_json(answer))
        return
    accountable = ", ".join(x.person or "" for x in answer.accountable) or "nobody"
    console.print(f"[bold]{answer.decision_type}[/] on {answer.entity}: accountable {accountable}")
    rows = [
        [x.responsibility.value, x.person or "(nobody)", x.role.value if x.role else "", x.reason] for x in answer.lines
    ]
    console.print(table("RACI in force", ["raci", "person", "role", "reason"], rows))


@reports_errors
def raci(
    ctx: typer.Context,
    entity: Annotated[str, typer.Argument(help="A product, project or program.")],
    as_json: JsonFlag = False,
) -> None:
    """The RACI matrix of an entity: every decision of its level, people resolved."""
    s = state(ctx)
    answers = s.accord.decision_rights.matrix(s.actor(), entity)
    if as_json:
        emit_json([answer_json(a) for a in answers])
        return

    def people(answer: Answer, responsibility: Responsibility) -> str:
        return ", ".join(sorted({x.person for x in answer.with_responsibility(responsibility) if x.person}))

    rows = [[a.decision_type, *(people(a, r) for r in Responsibility)] for a in answers]
    console.print(table(f"RACI of {entity}", ["decision", "R", "A", "C", "I"], rows))


roles = typer.Typer(help="How the canonical roles' decision rights align and diverge.", no_args_is_help=True)


@roles.command("compare")
@reports_errors
def roles_compare(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None, typer.Argument(help="Canonical roles to compare (default: all).", metavar="[ROLE]...")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Each role's decisions by responsibility (alone accountable for what), with the
    organization's titles for it, and the decisions each pair of roles share."""
    s = state(ctx)
    chosen = [decode_value(Role, name, "roles compare", "role") for name in names or []]
    rights, shared = s.accord.decision_rights.compare_roles(s.actor(), chosen or None)
    if as_json:
        emit_json(
            {
                "roles": [
                    {
                        "role": r.role.value,
                        "titles": list(r.titles),
                        **{NAMES[k]: list(v) for k, v in r.by_responsibility.items()},
                    }
                    for r in rights
                ],
                "shared": [{"roles": [a.value, b.value], "decisions": list(d)} for a, b, d in shared],
            }
        )
        return
    for r in rights:
        titles = f" — called {', '.join(r.titles)} here" if r.titles else ""
        console.print(f"[bold]{r.role.value}[/]{titles}")
        for responsibility in (
            Responsibility.ACCOUNTABLE,
            Responsibility.RESPONSIBLE,
            Responsibility.CONSULTED,
            Responsibility.INFORMED,
        ):
            decided = r.by_responsibility[responsibility]
            if decided:
                console.print(f"  {NAMES[responsibility]}: {', '.join(decided)}", highlight=False)
    if shared:
        console.print("[bold]Where roles meet[/] (decisions both take part in)")
        for a, b, decided in shared:
            console.print(f"  {a.value} + {b.value}: {', '.join(decided)}", highlight=False)


@reports_errors
def decide(
    ctx: typer.Context,
    decision_type: Annotated[str, typer.Argument(help="The decision type, e.g. project.scope_change.")],
    entity: Annotated[str | None, typer.Argument(help="The product, project or program it is about.")] = None,
    question: Annotated[str, typer.Option(help="What was decided.")] = ...,  # type: ignore[assignment]
    choice: Annotated[str, typer.Option(help="The option chosen.")] = ...,  # type: ignore[assignment]
    option: Annotated[
        list[str] | None, typer.Option("--option", help="An option considered (repeat for each).")
    ] = None,
    rationale: Annotated[str, typer.Option(help="Why.")] = "",
    on: Annotated[str | None, typer.Option("--on", metavar="YYYY-MM-DD", help="When (default: today).")] = None,
    revisit_on: Annotated[str | None, typer.Option(metavar="YYYY-MM-DD", help="When to look at it again.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Record a decision in the decision log, taken by the acting person, and say whether that
    person is accountable for it."""
    s = state(ctx)
    actor = s.actor()
    values: dict[str, Json] = {
        "question": question,
        "decision_type": decision_type,
        "entity": entity,
        "options": option or [],
        "choice": choice,
        "rationale": rationale,
        "decided_by": actor.person,
        "decided_on": on or dt.date.today().isoformat(),
        "revisit_on": revisit_on,
    }
    stored = s.accord.entities.add(actor, "decision", values)
    answer = s.accord.decision_rights.who_decides(actor, decision_type, entity)
    accountable = sorted({x.person for x in answer.accountable if x.person})
    authorised = actor.person in accountable
    if as_json:
        emit_json({**entity_json(stored), "decider_accountable": authorised, "accountable": accountable})
        return
    console.print(f"Recorded {stored.entity.key}.")
    if not authorised:
        who = ", ".join(accountable) or "nobody"
        console.print(f"[yellow]Note:[/] {actor.person} is not accountable for {decision_type} here ({who} is).")
