"""Commands about a whole organisation: demo, overview, export, import, history, orgs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from accord.cli.errors import fail, reports_errors
from accord.cli.output import JsonFlag, console, emit_json, steps, table
from accord.cli.state import state
from accord.domain.codec import Json, decode, decode_value
from accord.domain.organization import Organization
from accord.domain.people import Person
from accord.interchange.mpxj import SUFFIXES as MPXJ_SUFFIXES


def render_overview(summary: dict[str, Any]) -> None:
    org = summary["organization"]
    console.print(f"[bold]{org['name']}[/] ({org['key']}) — {summary['people']} people")
    for product in summary["products"]:
        console.print(
            table(
                f"{product['name']} ({product['key']}): {product['features']} features",
                ["release", "version", "planned", "state", "features"],
                ([r["key"], r["version"], r["planned_date"], r["state"], r["features"]] for r in product["releases"]),
            )
        )
    for program in summary["programs"]:
        milestones = "; ".join(f"{m['name']} {m['date']}" for m in program["milestones"])
        console.print(f"[bold]Program {program['name']}[/] ({program['key']}): {', '.join(program['projects'])}")
        if milestones:
            console.print(f"  milestones: {milestones}")
    console.print(
        table(
            "Projects",
            ["key", "name", "program", "start", "deadline", "budget", "tasks"],
            (
                [
                    p["key"],
                    p["name"],
                    p["program"] or "—",
                    p["start"],
                    p["deadline"],
                    f"{p['budget']} {p['currency']}" if p["budget"] else "",
                    p["tasks"],
                ]
                for p in summary["projects"]
            ),
        )
    )


@reports_errors
def demo(
    ctx: typer.Context,
    reset: Annotated[bool, typer.Option("--reset", help="Replace the demo organization if it is loaded.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Load the demo organization (Ledger Systems) and show it."""
    s = state(ctx)
    loaded = s.accord.demo.load(reset=reset)
    summary = s.accord.overview.summary(s.accord.demo.actor())
    if as_json:
        emit_json({"loaded": loaded, **summary})
        return
    if not loaded:
        console.print("The demo organization is already loaded (use --reset to load it afresh).")
    render_overview(summary)


@reports_errors
def overview(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Show the organization at a glance: products, releases, programs, projects."""
    s = state(ctx)
    summary = s.accord.overview.summary(s.actor())
    if as_json:
        emit_json(summary)
    else:
        render_overview(summary)


@reports_errors
def export(
    ctx: typer.Context,
    target: Annotated[
        str,
        typer.Argument(
            metavar="KEY_OR_FILE", help="Where to write the backup (- for standard output); or the project to export."
        ),
    ],
    file: Annotated[
        Path | None,
        typer.Argument(metavar="FILE", show_default=False, help="After a key: the .xml, .xlsx or .ics file to write."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Write a full, versioned JSON backup of the organization; or a plan for other tools.

    `export KEY FILE.xml`: a project as MS Project XML (calendars, tasks with their dates,
    links, resources, assignments). `export KEY FILE.xlsx`: the schedule of a project or a
    program as an Excel workbook. `export [KEY] FILE.ics`: project milestones, releases and
    program milestones as iCalendar events (the whole organization's, or one project's,
    program's or product's)."""
    s = state(ctx)
    if file is None and Path(target).suffix.lower() == ".ics":
        _write_atomically(Path(target), s.accord.exports.calendar(s.actor()))
        _exported(None, Path(target), "iCalendar", as_json)
        return
    if file is not None:
        kinds = {".xml": "MS Project XML", ".xlsx": "Excel", ".ics": "iCalendar", ".csv": "CSV"}
        kind = kinds.get(file.suffix.lower())
        if kind is None:
            raise typer.BadParameter(
                f"{file} should end in .xml (MS Project XML), .xlsx (Excel), .csv or .ics (iCalendar)"
            )
        exports = s.accord.exports
        with steps(["written"], f"Exporting {target}", quiet=as_json) as step:
            if kind == "MS Project XML":
                data = exports.mspdi(s.actor(), target)
            elif kind == "Excel":
                data = exports.workbook(s.actor(), target)
            elif kind == "CSV":
                data = exports.csv(s.actor(), target).encode("utf-8")
            else:
                data = exports.calendar(s.actor(), target)
            _write_atomically(file, data)
            step("written")
        _exported(target, file, kind, as_json)
        return
    file = Path(target)
    organization = s.actor().organization
    document = s.accord.backup.export(organization)
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    if str(file) == "-":
        typer.echo(text, nl=False)
        return
    _write_atomically(file, text.encode("utf-8"))
    counts = {kind: len(rows) for kind, rows in document["entities"].items()}
    if as_json:
        emit_json({"organization": organization, "file": str(file), "entities": counts})
    else:
        console.print(
            f"Exported {organization}: {sum(counts.values())} entities, "
            f"{len(document['audit'])} audit events, to {file}."
        )


def _pair(text: str) -> tuple[str, str]:
    column, sep, field = text.partition("=")
    if not sep or not column.strip() or not field.strip():
        raise typer.BadParameter(f"--map {text!r}: give COLUMN=FIELD")
    return column.strip(), field.strip()


def _exported(key: str | None, file: Path, kind: str, as_json: bool) -> None:
    if as_json:
        emit_json({"project": key, "file": str(file), "format": kind} if key else {"file": str(file), "format": kind})
    else:
        console.print(f"Exported {key or 'the organization'} to {file} ({kind}).")


def _write_atomically(file: Path, data: bytes) -> None:
    """All of it or nothing: written beside, then moved into place."""
    temporary = file.with_name(file.name + ".partial")
    try:
        temporary.write_bytes(data)
        temporary.replace(file)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise fail(f"cannot write {file}: {exc.strerror}") from None


@reports_errors
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="An Accord backup (JSON; - for standard input), an MS Project XML file (.xml), a file MPXJ reads "
            "(.mpp, .xer, .mpx, .pmxml, .gan, .planner, ...; the 'mpxj' extra) or a PSPLIB instance (.sm)."
        ),
    ],
    key: Annotated[
        str | None, typer.Option(help="Key of the project made from a .xml or .sm file (default: from its name).")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Read and check the file, write nothing.")] = False,
    into: Annotated[
        str | None, typer.Option(help="For a .csv file: the project (its tasks) or product (its features) to add to.")
    ] = None,
    maps: Annotated[
        list[str] | None,
        typer.Option("--map", metavar="COLUMN=FIELD", help="For a .csv file: a column to read as a field (repeat)."),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(metavar="YYYY-MM-DD", help="Start of the project made from a .sm file (default: today)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Restore an organization from a backup into a database that does not have it yet, or add a
    plan to the organization: an MS Project XML file (its calendars, tasks, links, resources,
    assignments and baselines), another tool's file through MPXJ, a CSV table of tasks or features
    (--into), or a PSPLIB instance (.sm)."""
    s = state(ctx)
    if file.suffix.lower() == ".csv":
        if into is None:
            raise typer.BadParameter("give --into PROJECT_OR_PRODUCT: the rows are its tasks or features")
        mapping = dict(_pair(m) for m in maps or [])
        imported = s.accord.imports.csv(s.actor(), file, into, mapping, dry_run=dry_run)
        if as_json:
            emit_json(dataclasses.asdict(imported) | {"dry_run": dry_run})
        else:
            what = (
                f"{imported.features} features"
                if imported.features
                else f"{imported.tasks} tasks, {imported.links} links"
            )
            console.print(
                f"{'Checked (dry run, nothing written)' if dry_run else 'Imported'} {file.name} into {into}: {what}."
            )
        return
    if file.suffix.lower() == ".xml" or file.suffix.lower() in MPXJ_SUFFIXES:
        with steps(
            ["read", "checked", "written"][: 1 if dry_run else 3], f"Importing {file.name}", quiet=as_json
        ) as step:
            imported = s.accord.imports.plan(s.actor(), file, key=key, dry_run=dry_run, progress=step)
        if as_json:
            emit_json(dataclasses.asdict(imported) | {"dry_run": dry_run})
            return
        verb = "Read (dry run, nothing written)" if dry_run else "Imported"
        console.print(
            f"{verb} {file.name} as project {imported.project}: {imported.tasks} tasks, {imported.links} links, "
            f"{imported.calendars} calendars, {imported.resources} resources, {imported.assignments} assignments, "
            f"{imported.baselines} baselines."
        )
        for note in imported.notes:
            console.print(f"Note: {note}.")
        return
    if file.suffix == ".sm":
        began = dt.date.today() if start is None else decode_value(dt.date, start, "import", "start")
        imported = s.accord.imports.psplib(s.actor(), file, key=key, start=began)
        if as_json:
            emit_json(dataclasses.asdict(imported))
        else:
            console.print(
                f"Imported {file.name} as project {imported.project}: {imported.tasks} tasks, {imported.links} links, "
                f"{imported.resources} resources."
            )
        return
    try:
        text = typer.get_text_stream("stdin").read() if str(file) == "-" else file.read_text(encoding="utf-8")
    except OSError as exc:
        raise fail(f"cannot read {file}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise fail(f"{file} is not UTF-8 text") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise fail(f"{file} is not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    organization = s.accord.backup.restore(document)
    counts = {kind: len(rows) for kind, rows in document["entities"].items()}
    if as_json:
        emit_json({"organization": organization.key, "entities": counts})
    else:
        console.print(f"Imported {organization.key} ({organization.name}): {sum(counts.values())} entities.")


@reports_errors
def history(
    ctx: typer.Context,
    key: Annotated[str | None, typer.Argument(help="Key of an entity; without it, the whole organization.")] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many of the latest changes.")] = 50,
    as_json: JsonFlag = False,
) -> None:
    """Show the audit trail: who changed what, when, before and after."""
    s = state(ctx)
    events = s.accord.entities.history(s.actor(), key)[-limit:] if limit > 0 else []
    if as_json:
        emit_json([{**vars(e), "at": e.at.isoformat()} for e in events])
        return
    rows = []
    for e in events:
        changed = _changes(e.before, e.after)
        rows.append([e.at.isoformat(sep=" "), e.actor, e.action, f"{e.kind} {e.key}", e.version, changed])
    console.print(
        table(
            f"History of {key or s.actor().organization}", ["at", "by", "action", "entity", "version", "changes"], rows
        )
    )


def _changes(before: dict[str, Json] | None, after: dict[str, Json] | None) -> str:
    if before is None or after is None:
        return ""
    return "; ".join(f"{k}: {before.get(k)!r} → {v!r}" for k, v in after.items() if before.get(k) != v)


orgs = typer.Typer(help="List, add and remove organizations (tenants).", no_args_is_help=True)


@orgs.command("list")
@reports_errors
def orgs_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List the organizations in the database."""
    found = state(ctx).accord.organizations.all()
    if as_json:
        emit_json([{"key": o.key, "name": o.name, "time_zone": o.time_zone, "currency": o.currency} for o in found])
    else:
        console.print(
            table(
                "Organizations",
                ["key", "name", "time zone", "currency"],
                ([o.key, o.name, o.time_zone, o.currency] for o in found),
            )
        )


@orgs.command("add")
@reports_errors
def orgs_add(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Key of the new organization.")],
    name: Annotated[str, typer.Option(help="Its name.")],
    admin: Annotated[str, typer.Option(help="Key of its first administrator (a new person).")],
    admin_name: Annotated[str, typer.Option(help="Name of that administrator.")],
    time_zone: Annotated[str, typer.Option(help="IANA time zone.")] = "UTC",
    currency: Annotated[str, typer.Option(help="ISO 4217 currency code.")] = "EUR",
    as_json: JsonFlag = False,
) -> None:
    """Create an organization with its first administrator and the default decision catalog."""
    organization = decode(Organization, {"key": key, "name": name, "time_zone": time_zone, "currency": currency})
    person = decode(Person, {"key": admin, "name": admin_name, "administrator": True})
    state(ctx).accord.organizations.create(organization, person)
    if as_json:
        emit_json({"key": key, "name": name, "administrator": admin})
    else:
        console.print(f"Organization {key} created; {admin} administers it.")


@orgs.command("remove")
@reports_errors
def orgs_remove(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="Key of the organization.")],
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: everything in it is deleted.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Delete an organization and everything in it."""
    if not yes:
        raise fail(f"removing {key} deletes everything in it; repeat with --yes to confirm", status=2)
    state(ctx).accord.organizations.remove(key)
    if as_json:
        emit_json({"removed": key})
    else:
        console.print(f"Organization {key} removed.")
