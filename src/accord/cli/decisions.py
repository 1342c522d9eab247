"""`accord who-decides` and `accord raci`: decision rights, people resolved, with the reasons."""

from __future__ import annotations

from typing import Annotated

import typer

from accord.alignment.decision_rights import Answer, Line
from accord.cli.errors import reports_errors
from accord.cli.output import JsonFlag, console, emit_json, table
from accord.cli.state import state
from accord.domain.codec import Json
from accord.domain.roles import Responsibility

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
