"""The demo organisation is rich enough for every later feature, and its planted problems are there."""

from __future__ import annotations

from collections import Counter, defaultdict

from accord.domain.base import Entity
from accord.domain.calendar import Calendar
from accord.domain.kinds import KINDS
from accord.domain.objectives import Objective
from accord.domain.people import Person
from accord.domain.product import Feature, Release
from accord.domain.program import Benefit, Milestone, Program
from accord.domain.project import ConstraintType, Dependency, LagFormat, LinkType, Project, ScopeItem, Task
from accord.domain.resources import Assignment, Resource
from accord.domain.roles import Decision, DecisionType, RaciOverride, Responsibility, Role, RoleAssignment, Title
from accord.services import integrity
from accord.services.demo import demo_entities
from accord.services.integrity import MemoryIndex

ENTITIES = demo_entities()


def of(cls: type[Entity]) -> list:  # type: ignore[type-arg]
    return [e for e in ENTITIES if isinstance(e, cls)]


def test_keys_are_unique_references_resolve_and_integrity_holds() -> None:
    keys = [e.key for e in ENTITIES]
    assert len(keys) == len(set(keys))
    by_key = {e.key: e for e in ENTITIES}
    index = MemoryIndex(ENTITIES)
    for entity in ENTITIES:
        for field, named in entity.references().items():
            for key in named:
                assert key in by_key, f"{entity.key}.{field} names {key}"
        integrity.check(entity, index)
    order = {cls.kind: i for i, cls in enumerate(KINDS)}
    assert order  # every kind of the model is represented in the demo except baselines
    assert {e.kind for e in ENTITIES} == {cls.kind for cls in KINDS} - {"baseline"}


def test_ledger_cloud_has_a_roadmap() -> None:
    features = [f for f in of(Feature) if f.product == "LEDGER-CLOUD"]
    releases = [r for r in of(Release) if r.product == "LEDGER-CLOUD"]
    assert len(features) >= 12
    assert len(releases) >= 3
    assert len({f.release for f in features if f.release}) >= 3


def test_projects_cover_a_program_and_stand_alone_work() -> None:
    projects = of(Project)
    assert len(projects) >= 4
    program = next(p for p in of(Program) if p.name == "Nordics expansion")
    members = [p for p in projects if p.program == program.key]
    assert len(members) >= 3
    assert any(p.program is None for p in projects)
    go_live = [m for m in of(Milestone) if m.program == program.key and len(m.depends_on) >= 3]
    assert go_live, "a regional go-live milestone depending on the member projects"


def test_every_project_has_a_real_plan() -> None:
    tasks = of(Task)
    links = of(Dependency)
    task_project = {t.key: t.project for t in tasks}
    for project in of(Project):
        own = [t for t in tasks if t.project == project.key]
        assert len(own) >= 25
        assert any(t.milestone for t in own)
        assert any(t.parent for t in own), "a WBS"
        assert {t.constraint for t in own} - {ConstraintType.AS_SOON_AS_POSSIBLE}
        own_links = [link for link in links if task_project[link.successor] == project.key]
        assert {link.type for link in own_links} == set(LinkType)
        assert {link.lag_format for link in own_links if link.lag} == set(LagFormat)
        assert any(link.lag < 0 for link in own_links), "a lead"
    assert any(task_project[link.predecessor] != task_project[link.successor] for link in links), "a cross-project link"


def test_calendars_include_nordic_holidays() -> None:
    regions = {c.holiday_region for c in of(Calendar)}
    assert {"NO", "SE", "FI"} <= regions


def test_people_are_shared_across_projects() -> None:
    tasks = {t.key: t.project for t in of(Task)}
    resources = {r.key: r.person for r in of(Resource)}
    projects_of: dict[str, set[str]] = defaultdict(set)
    for assignment in of(Assignment):
        person = resources[assignment.resource]
        if person:
            projects_of[person].add(tasks[assignment.task])
    assert max(len(p) for p in projects_of.values()) >= 3


def test_product_owner_means_project_manager_here() -> None:
    title = next(t for t in of(Title) if t.name == "Product Owner")
    assert title.role is Role.PROJECT_MANAGER
    acting = {a.role for a in of(RoleAssignment) if a.title == title.key}
    assert acting == {Role.PROJECT_MANAGER, Role.PRODUCT_MANAGER}, "the title is used ambiguously on purpose"


def test_objectives_have_key_results_and_the_default_raci_is_loaded() -> None:
    assert of(Objective) and all(
        any(kr for kr in ENTITIES if getattr(kr, "objective", None) == o.key) for o in of(Objective)
    )
    assert len(of(DecisionType)) >= 10


def test_the_planted_problems_are_there() -> None:
    features = {f.key: f for f in of(Feature)}
    releases = {r.key: r for r in of(Release)}
    scope = of(ScopeItem)
    late = [
        s
        for s in scope
        if features[s.feature].release and releases[features[s.feature].release].planned_date > s.needed_by
    ]
    assert late, "a feature released after a client needs it"
    assert [s for s in scope if features[s.feature].release is None], "a promised feature on no release"
    assert [p for p in of(Project) if not p.objectives], "a project with no objective"
    assert [f for f in of(Feature) if not f.objectives], "a feature with no objective"
    served = {o for e in ENTITIES for o in getattr(e, "objectives", ())} | {o.parent for o in of(Objective)}
    assert [o for o in of(Objective) if o.key not in served], "an objective nothing serves"
    holders = Counter((a.entity, a.role) for a in of(RoleAssignment))
    assert holders[("LEDGER-CLOUD", Role.PRODUCT_MANAGER)] == 2, "two accountable for prioritising the product"
    assert any(o.person and o.responsibility is Responsibility.ACCOUNTABLE for o in of(RaciOverride))
    assert [b for b in of(Benefit) if b.measure is None], "a benefit without a measure"
    program_budget = next(p.budget for p in of(Program))
    assert sum(p.budget for p in of(Project) if p.program) > program_budget, "an over-committed program"
    pms = {a.entity for a in of(RoleAssignment) if a.role is Role.PROJECT_MANAGER}
    deciders = {(d.decided_by, d.entity) for d in of(Decision)}
    assert ("jonas", "NORDICS") in deciders and "NORDICS" not in pms, "a decision taken by someone not accountable"
    assert [p for p in of(Person) if p.administrator]


def test_the_demo_administrator_is_a_person_of_the_demo() -> None:
    from accord.services import demo

    admins = [p.key for p in of(Person) if p.administrator]
    assert admins == [demo.ADMINISTRATOR]
