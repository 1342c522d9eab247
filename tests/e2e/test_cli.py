"""The command line end to end: JSON on stdout only, one message on stderr, exit status 1 or 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from accord.alignment.rules import CODES
from accord.cli.main import app
from accord.domain.kinds import KINDS
from accord.store.database import sqlite_url

MAIN_KINDS = ["products", "features", "releases", "projects", "tasks", "programs", "objectives", "people"]


class Accord:
    """Runs `accord` in-process against one database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.runner = CliRunner()

    def __call__(self, *args: str, status: int = 0, stdin: str | None = None) -> Result:
        result = self.runner.invoke(app, ["--database", self.url, *args], input=stdin, catch_exceptions=False)
        assert result.exit_code == status, f"{args}: {result.exit_code}\n{result.stdout}\n{result.stderr}"
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self(*args, "--json").stdout)


@pytest.fixture
def accord(database_url: str) -> Accord:
    return Accord(database_url)


@pytest.fixture
def demo(accord: Accord) -> Accord:
    loaded = accord.json("demo")
    assert loaded["loaded"] is True
    return accord


def test_demo_loads_once_and_shows_the_organization(accord: Accord) -> None:
    shown = accord("demo").stdout
    assert "Ledger Cloud" in shown and "Nordics expansion" in shown and "NORD-ACME" in shown
    again = accord("demo")
    assert "already loaded" in again.stdout
    assert accord.json("demo", "--reset")["loaded"] is True


@pytest.mark.parametrize("kind", [cls.plural for cls in KINDS])
def test_every_list_prints_objects_with_key_and_name(demo: Accord, kind: str) -> None:
    listed = demo.json(kind, "list")
    assert isinstance(listed, list)
    for item in listed:
        assert isinstance(item["key"], str) and isinstance(item["name"], str) and item["name"]


def test_main_entities_have_every_command(demo: Accord) -> None:
    for kind in MAIN_KINDS:
        help_text = demo(kind, "--help").stdout
        for command in ("list", "show", "add", "update", "remove"):
            assert command in help_text, (kind, command)


def test_add_show_update_remove_a_project(demo: Accord) -> None:
    added = demo.json(
        "projects",
        "add",
        "--key",
        "NORD-DANE",
        "--name",
        "Dansk Bank",
        "--account",
        "NORDBANK",
        "--program",
        "NORDICS",
        "--start",
        "2027-04-05",
        "--budget",
        "250000.50",
        "--objectives",
        "OBJ-NORDICS,OBJ-EINVOICE",
    )
    assert added["lock_version"] == 1 and added["budget"] == "250000.5"
    assert added["objectives"] == ["OBJ-NORDICS", "OBJ-EINVOICE"]
    updated = demo.json("projects", "update", "NORD-DANE", "--deadline", "2027-12-17", "--lock-version", "1")
    assert updated["deadline"] == "2027-12-17" and updated["lock_version"] == 2
    cleared = demo.json("projects", "update", "NORD-DANE", "--deadline", "")
    assert cleared["deadline"] is None
    assert demo.json("projects", "show", "NORD-DANE")["lock_version"] == 3
    assert [p["key"] for p in demo.json("projects", "list", "--program", "NORDICS")][-1] == "NORD-DANE"
    history = demo.json("history", "NORD-DANE")
    assert [e["action"] for e in history] == ["create", "update", "update"]
    assert demo.json("projects", "remove", "NORD-DANE") == {"removed": ["NORD-DANE"]}


def test_structured_options_take_json(demo: Accord) -> None:
    calendar = demo.json(
        "calendars",
        "add",
        "--key",
        "denmark",
        "--name",
        "Denmark",
        "--base",
        "standard",
        "--holiday-region",
        "DK",
        "--week",
        '{"friday": ["08:00-12:00", "13:00-15:30"]}',
        "--exceptions",
        '[{"name": "Offsite", "start": "2027-08-02", "finish": "2027-08-03"}]',
    )
    assert calendar["week"] == {"friday": ["08:00-12:00", "13:00-15:30"]}
    assert calendar["exceptions"][0]["working_times"] == []
    flagged = demo.json(
        "tasks", "add", "--key", "NORD-ACME-7", "--name", "Extra", "--project", "NORD-ACME", "--milestone"
    )
    assert flagged["milestone"] is True


def test_feature_scores_are_shown(demo: Accord) -> None:
    shown = demo.json("features", "show", "LC-PEPPOL")
    assert shown["rice_score"] == pytest.approx(800 * 3 * 0.8 / 5)
    assert shown["wsjf_score"] == pytest.approx((8 + 8 + 5) / 13)


@pytest.mark.parametrize(
    ("args", "status", "says"),
    [
        (["projects", "update", "NORD-ACME", "--deadline", "2026-01-01"], 1, "deadline"),
        (["projects", "update", "NORD-ACME", "--budget", "lots"], 1, "budget"),
        (["projects", "update", "NORD-ACME", "--name", "x", "--lock-version", "9"], 1, "changed by someone else"),
        (["projects", "update", "NORD-ACME"], 1, "at least one field"),
        (["projects", "show", "NOPE"], 1, "NOPE"),
        (["projects", "remove", "NORD-ACME"], 1, "still referred to"),
        (
            ["projects", "add", "--key", "NORD-ACME", "--name", "x", "--account", "ACME", "--start", "2027-01-01"],
            1,
            "already used",
        ),
        (["tasks", "add", "--key", "T", "--name", "x", "--project", "ACME"], 1, "not a project"),
        (["features", "update", "LC-MULTICURRENCY", "--status", "idea"], 1, "cannot go from released"),
        (["features", "update", "LC-PEPPOL", "--status", "someday"], 1, "is not one of"),
        (["calendars", "update", "norway", "--week", "{not json"], 1, "not valid JSON"),
        (["projects", "add", "--name", "x"], 2, "Missing option"),
        (["projects", "frobnicate"], 2, "No such command"),
        (["--as", "nobody", "projects", "list"], 1, "not a person"),
        (["--org", "NOPE", "projects", "list"], 1, "no organization"),
    ],
)
def test_bad_input_is_refused_with_one_message_and_nothing_written(
    demo: Accord, args: list[str], status: int, says: str
) -> None:
    before = demo("export", "-").stdout
    result = demo(*args, "--json", status=status) if status == 1 else demo(*args, status=status)
    assert says in result.stderr
    assert result.stdout == ""
    assert demo("export", "-").stdout == before


def test_export_and_import_through_files(demo: Accord, tmp_path: Path) -> None:
    first = tmp_path / "ledger.json"
    assert demo.json("export", str(first))["entities"]["tasks"] == 124
    target = Accord(sqlite_url(tmp_path / "other.db"))
    assert target.json("import", str(first))["organization"] == "LEDGER"
    second = tmp_path / "again.json"
    target("export", str(second))
    assert json.loads(second.read_text()) == json.loads(first.read_text())
    refused = target("import", str(first), status=1)
    assert "already exists" in refused.stderr


def test_import_refuses_what_is_not_a_backup(accord: Accord, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{ not json")
    assert "not JSON" in accord("import", str(garbage), status=1).stderr
    assert "cannot read" in accord("import", str(tmp_path / "missing.json"), status=1).stderr
    garbage.write_text('{"format": "other"}')
    assert "not an Accord backup" in accord("import", str(garbage), status=1).stderr
    assert accord.json("orgs", "list") == []


def test_organizations_are_tenants(accord: Accord) -> None:
    accord("orgs", "add", "ACME", "--name", "Acme", "--admin", "root", "--admin-name", "Root")
    accord("orgs", "add", "BETA", "--name", "Beta", "--admin", "boss", "--admin-name", "Boss")
    assert "which organization" in accord("accounts", "list", status=1).stderr
    accord("--org", "ACME", "accounts", "add", "--key", "C1", "--name", "Client")
    assert [a["key"] for a in accord.json("--org", "ACME", "accounts", "list")] == ["C1"]
    assert accord.json("--org", "BETA", "accounts", "list") == []
    assert "--yes" in accord("orgs", "remove", "BETA", status=2).stderr
    accord("orgs", "remove", "BETA", "--yes")
    assert [o["key"] for o in accord.json("orgs", "list")] == ["ACME"]


def test_db_commands_report_the_revision(accord: Accord) -> None:
    current = accord.json("db", "current")
    assert current["revision"] == current["head"]


def test_the_installed_command_runs_on_a_fresh_default_database(tmp_path: Path) -> None:
    """The console script itself, with no settings but a home of its own: SQLite in the data dir."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACCORD_")}
    env.update({"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")})
    command = [sys.executable, "-m", "accord.cli", "demo", "--json"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["organization"]["key"] == "LEDGER"
    assert (tmp_path / "data" / "accord" / "accord.db").exists()
    failed = subprocess.run(
        [*command[:3], "projects", "show", "NOPE"], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert failed.returncode == 1 and failed.stderr.startswith("error:") and failed.stdout == ""


def test_schedule_prints_the_documented_json(demo: Accord) -> None:
    printed = demo.json("schedule", "NORD-ACME", "--status-date", "2027-03-01")
    assert printed["project"] == "NORD-ACME" and printed["finish"].startswith("2027-")
    fields = {
        "key",
        "name",
        "early_start",
        "early_finish",
        "late_start",
        "late_finish",
        "total_float_minutes",
        "free_float_minutes",
        "critical",
        "driver",
    }
    assert all(fields <= set(task) for task in printed["tasks"])
    assert len(printed["tasks"]) == 31
    assert "Schedule of NORDICS" in demo("schedule", "NORDICS").stdout


def test_schedule_names_the_tasks_of_a_cycle(demo: Accord) -> None:
    demo("dependencies", "add", "--predecessor", "UK-BRIT-6.3", "--successor", "UK-BRIT-2.1")
    refused = demo("schedule", "UK-BRIT", status=1)
    assert "cycle" in refused.stderr and "UK-BRIT-2.1" in refused.stderr and refused.stdout == ""
    printed = json.loads(demo("schedule", "UK-BRIT", "--json", status=1).stdout)
    assert printed["status"] == "cycle" and "UK-BRIT-6.3" in printed["cycle"]
    assert "is not a date" in demo("schedule", "NORD-ACME", "--status-date", "soon", status=1).stderr


def test_baselines_and_earned_value_from_the_command_line(demo: Accord) -> None:
    saved = demo.json("baseline", "save", "NORD-ACME", "--name", "Contract")
    assert saved["key"] == "BL-1" and saved["number"] == 0
    assert [b["key"] for b in demo.json("baseline", "list", "NORD-ACME")] == ["BL-1"]
    compared = demo.json("baseline", "compare", "NORD-ACME")
    assert compared["baseline"] == "BL-1" and len(compared["tasks"]) == 31
    measured = demo.json("evm", "NORD-ACME")
    for name in ("pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac", "etc", "vac", "tcpi", "curve"):
        assert name in measured
    assert "needs" not in demo("evm", "NORD-ACME").stderr
    assert "--number" in demo("baseline", "save", "NORD-ACME", "--number", "11", status=2).stderr


def test_who_decides_and_raci_from_the_command_line(demo: Accord) -> None:
    answer = demo.json("who-decides", "project.schedule_change", "NORD-ACME")
    assert [x["person"] for x in answer["accountable"]] == ["jonas"]
    assert all(x["reason"] for key in ("responsible", "accountable", "consulted", "informed") for x in answer[key])
    matrix = demo.json("raci", "NORDICS")
    assert {m["decision_type"] for m in matrix} >= {"program.milestone", "program.conflict_resolution"}
    assert "is decided on a program" in demo("who-decides", "program.milestone", "NORD-ACME", status=1).stderr


def test_decide_records_a_decision_and_says_who_is_accountable(demo: Accord) -> None:
    taken = demo.json(
        "--as",
        "jonas",
        "decide",
        "project.budget_change",
        "UK-BRIT",
        "--question",
        "Add GBP 20k?",
        "--choice",
        "yes",
        "--option",
        "yes",
        "--option",
        "no",
        "--on",
        "2027-04-02",
    )
    assert taken["decided_by"] == "jonas" and taken["options"] == ["yes", "no"] and taken["decided_on"] == "2027-04-02"
    assert taken["decider_accountable"] is False and taken["accountable"] == ["liam"]
    assert taken["key"] in [d["key"] for d in demo.json("decisions", "list")]
    assert (
        "not one of the options"
        in demo(
            "decide",
            "project.scope_change",
            "NORD-ACME",
            "--question",
            "Q?",
            "--choice",
            "maybe",
            "--option",
            "yes",
            status=1,
        ).stderr
    )
    compared = demo.json("roles", "compare", "sponsor", "program_manager")
    assert [r["role"] for r in compared["roles"]] == ["sponsor", "program_manager"]
    assert "project.budget_change" in compared["roles"][0]["accountable"]
    assert "is not one of" in demo("roles", "compare", "chief", status=1).stderr


def test_check_reads_like_a_briefing_and_gates(demo: Accord) -> None:
    findings = demo.json("check")
    assert {f["rule"] for f in findings} == set(CODES), "the demo plants every implemented rule"
    assert all({"id", "rule", "severity", "entities", "explanation", "decider"} <= set(f) for f in findings)
    late = next(f for f in findings if f["rule"] == "DATE-FEATURE-LATE")
    assert late["decider"]["people"] == ["erik"] and late["entities"] == ["NORD-ACME", "LC-PEPPOL"]
    scoped = demo.json("check", "--project", "UK-BRIT")
    assert scoped and all("UK-BRIT" in f["entities"] for f in scoped)
    assert "DATE-FEATURE-LATE" in demo("check").stdout
    demo("check", "--fail-on", "critical", status=3)
    for f in demo.json("check"):
        if f["severity"] == "critical":
            demo("--as", "astrid", "findings", "accept", f["handle"], "--decision", "DEC-1")
    demo("check", "--fail-on", "critical")  # accepted findings no longer fail the gate
    assert {f["state"] for f in demo.json("findings", "list", "--state", "accepted")} == {"accepted"}
    assert "is not one of" in demo("check", "--fail-on", "urgent", status=1).stderr


PSPLIB = Path(__file__).resolve().parents[3] / "shared" / "data" / "psplib"


def test_a_psplib_instance_is_imported_and_levelled_to_its_optimum(demo: Accord, tmp_path: Path) -> None:
    org = ("--org", "LEDGER")
    imported = demo.json(*org, "import", str(PSPLIB / "j30" / "j301_1.sm"), "--start", "2027-01-04")
    assert imported | {"assignments": 0} == {
        "project": "J301-1", "tasks": 32, "links": 48, "resources": 4, "calendars": 0, "assignments": 0, "features": 0, "baselines": 0,
        "notes": [],
    }
    assert imported["assignments"] == 30, "one per job demand; the dummy jobs ask for nothing"
    levelled = demo.json(*org, "level", "J301-1", "--schedules", "3000", "--seed", "2")
    assert levelled["working_days_before"] == 38 and levelled["working_days_after"] == 43, "the proven optimum"
    histograms = levelled["histograms"].values()
    assert all(max(h["after"]) <= h["capacity_percent"] for h in histograms), "nobody over capacity"
    assert any(max(h["before"]) > h["capacity_percent"] for h in histograms), "as there was before"
    assert "J301-1" in demo(*org, "level", "J301-1", "--time-limit", "0.5").stdout
    applied = demo.json(*org, "level", "J301-1", "--schedules", "3000", "--seed", "2", "--apply")
    assert applied["working_days_after"] == 43
    scheduled = demo.json(*org, "schedule", "J301-1")
    starts = {t["key"]: t["early_start"] for t in scheduled["tasks"]}
    assert all(starts[t["key"]] == t["start"] for t in applied["tasks"]), "the stored schedule is the levelled one"
    assert any("levelling delay" in t["driver"]["text"] for t in scheduled["tasks"])
    cleared = demo.json(*org, "level", "J301-1", "--clear")
    assert cleared["cleared"], "the delays are gone"
    assert "not both" in demo(*org, "level", "J301-1", "--apply", "--clear", status=2).stderr
    exact = demo.json(*org, "level", "J301-1", "--exact", "--schedules", "100")
    assert exact["proven_optimal"] is True and exact["working_days_after"] == exact["bound_working_days"] == 43
    assert "already used" in demo(*org, "import", str(PSPLIB / "j30" / "j301_1.sm"), status=1).stderr
    broken = tmp_path / "broken.sm"
    broken.write_text((PSPLIB / "j30" / "j301_2.sm").read_text().replace("PRECEDENCE RELATIONS:", "NOTHING HERE:"))
    assert "precedence relations" in demo(*org, "import", str(broken), status=1).stderr
    assert not [t for t in demo.json(*org, "projects", "list") if t["key"] == "BROKEN"], "nothing written"


def test_risk_from_the_command_line(demo: Accord) -> None:
    found = demo.json("risk", "NORD-ACME", "--iterations", "300", "--seed", "4")
    assert found["iterations"] == 300 and found["distribution"] == "triangular"
    assert {"p10", "p50", "p80", "p90", "planned", "probability_on_time"} <= set(found["finish"])
    assert found["tasks"][0]["key"].startswith("NORD-ACME-") and len(found["histogram"]) == 20
    assert "P90" in demo("risk", "NORDICS", "--iterations", "200", "--distribution", "pert").stdout
    assert "distribution" in demo("risk", "NORD-ACME", "--distribution", "normal", status=1).stderr


MSPDI = Path(__file__).resolve().parents[3] / "shared" / "data" / "mspdi"


def test_an_ms_project_file_is_imported_and_scheduled(demo: Accord, tmp_path: Path) -> None:
    org = ("--org", "LEDGER")
    source = MSPDI / "generated" / "task-links" / "task-links-project2010-mspdi.xml"
    dry = demo.json(*org, "import", str(source), "--key", "LINKS", "--dry-run")
    assert dry["dry_run"] is True and dry["tasks"] == 16 and dry["links"] > 0
    assert not [p for p in demo.json(*org, "projects", "list") if p["key"] == "LINKS"], "a dry run writes nothing"
    done = demo.json(*org, "import", str(source), "--key", "LINKS")
    assert done["project"] == "LINKS" and done["calendars"] >= 1
    scheduled = demo.json(*org, "schedule", "LINKS")
    assert scheduled["status"] == "scheduled" and len(scheduled["tasks"]) == 16
    broken = tmp_path / "broken.xml"
    broken.write_text(source.read_text(encoding="utf-8").replace("<PredecessorUID>", "<PredecessorUID>99", 1), encoding="utf-8")
    assert "predecessor UID" in demo(*org, "import", str(broken), "--key", "BROKEN", status=1).stderr
    assert not [p for p in demo.json(*org, "projects", "list") if p["key"] == "BROKEN"], "nothing written"


def test_a_project_is_exported_as_ms_project_xml(demo: Accord, tmp_path: Path) -> None:
    target = tmp_path / "acme.xml"
    assert demo.json("--org", "LEDGER", "export", "NORD-ACME", str(target)) == {
        "project": "NORD-ACME", "file": str(target), "format": "MS Project XML"
    }
    assert target.read_bytes().startswith(b"<?xml") and b"<PredecessorLink>" in target.read_bytes()
    assert "iCalendar" in demo("--org", "LEDGER", "export", "NORD-ACME", str(tmp_path / "a.json"), status=2).stderr
    assert "no project" in demo("--org", "LEDGER", "export", "NORDICS", str(tmp_path / "p.xml"), status=1).stderr
    assert not (tmp_path / "p.xml").exists()


def test_milestones_and_releases_as_icalendar_and_a_schedule_as_excel(demo: Accord, tmp_path: Path) -> None:
    import icalendar
    from openpyxl import load_workbook

    org = ("--org", "LEDGER")
    whole = tmp_path / "ledger.ics"
    assert demo.json(*org, "export", str(whole))["format"] == "iCalendar"
    events = icalendar.Calendar.from_ical(whole.read_bytes()).walk("VEVENT")
    kinds = {str(e["categories"].cats[0]) for e in events}
    assert kinds == {"Project milestone", "Release", "Program milestone"}
    assert any(str(e["uid"]) == "LC-27.2@ledger.accord" for e in events), "a release, by its key"
    nordics = tmp_path / "nordics.ics"
    demo(*org, "export", "NORDICS", str(nordics))
    scoped = icalendar.Calendar.from_ical(nordics.read_bytes()).walk("VEVENT")
    assert 0 < len(scoped) < len(events) and all(not str(e["uid"]).startswith("LC-") for e in scoped)
    book = tmp_path / "acme.xlsx"
    assert demo.json(*org, "export", "NORD-ACME", str(book))["format"] == "Excel"
    sheet = load_workbook(book)["Schedule"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Task" and len(rows) == 32, "a heading and the 31 tasks"
    assert any(r[9] == "yes" for r in rows[1:]), "the critical path is marked"
    assert "iCalendar" in demo(*org, "export", "NORD-ACME", str(tmp_path / "a.pdf"), status=2).stderr


def test_tasks_from_a_spreadsheet_all_or_nothing(demo: Accord, tmp_path: Path) -> None:
    org = ("--org", "LEDGER")
    demo(*org, "projects", "add", "--key", "SHEET", "--name", "Sheet", "--account", "ACME", "--start", "2027-05-03")
    sheet = tmp_path / "plan.csv"
    sheet.write_text("ID,Task Name,duration,predecessors\nS-1,Design,2400,\nS-2,Build,x,S-1\n", encoding="utf-8")
    mapping = ("--map", "ID=key", "--map", "Task Name=name")
    assert "line 3" in demo(*org, "import", str(sheet), "--into", "SHEET", *mapping, status=1).stderr
    assert demo.json(*org, "tasks", "list", "--project", "SHEET") == [], "one bad row and nothing is written"
    sheet.write_text("ID,Task Name,duration,predecessors\nS-1,Design,2400,\nS-2,Build,4800,S-1\n", encoding="utf-8")
    assert demo.json(*org, "import", str(sheet), "--into", "SHEET", *mapping, "--dry-run")["dry_run"] is True
    assert demo.json(*org, "tasks", "list", "--project", "SHEET") == []
    done = demo.json(*org, "import", str(sheet), "--into", "SHEET", *mapping)
    assert (done["tasks"], done["links"]) == (2, 1)
    assert demo.json(*org, "schedule", "SHEET")["status"] == "scheduled"
    out = tmp_path / "back.csv"
    demo(*org, "export", "SHEET", str(out))
    assert out.read_text(encoding="utf-8").splitlines()[2].endswith(",S-1")
    assert "--into" in demo(*org, "import", str(sheet), status=2).stderr


def test_importing_a_file_that_is_not_there_says_so(demo: Accord, tmp_path: Path) -> None:
    for name in ("gone.xml", "gone.sm", "gone.csv", "gone.mpp"):
        assert "does not exist" in demo("--org", "LEDGER", "import", str(tmp_path / name), "--into", "NORD-ACME", status=1).stderr
