"""What an MS Project XML file says that Accord does not model, kept so an export writes it back.

Each of a project's, task's, link's, resource's and assignment's child elements that the
writer does not produce from the model (custom fields, display formats, the totals MS Project
computed, views, outline codes...) is kept in the entity's `extra`: a plain element as
`name → text`, a structured or repeated one as `name[n] → XML` (without the namespace). On
export the kept elements are put back among the written ones in the order of the MSPDI schema.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lxml import etree

from accord.domain.base import Entity

NS_URI = "http://schemas.microsoft.com/project"
NS = "{" + NS_URI + "}"
_DECLARATION = f' xmlns="{NS_URI}"'


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


PROJECT = _names(
    "SaveVersion BuildNumber Name Title GUID Subject Category Company Manager Author CreationDate Revision "
    "LastSaved ScheduleFromStart StartDate FinishDate FYStartDate CriticalSlackLimit CurrencyDigits "
    "CurrencySymbol CurrencyCode CurrencySymbolPosition CalendarUID DefaultStartTime DefaultFinishTime "
    "MinutesPerDay MinutesPerWeek DaysPerMonth DefaultTaskType DefaultFixedCostAccrual DefaultStandardRate "
    "DefaultOvertimeRate DurationFormat WorkFormat EditableActualCosts HonorConstraints EarnedValueMethod "
    "InsertedProjectsLikeSummary MultipleCriticalPaths NewTasksEffortDriven NewTasksEstimated "
    "SplitsInProgressTasks SpreadActualCost SpreadPercentComplete TaskUpdatesResource FiscalYearStart "
    "WeekStartDay MoveCompletedEndsBack MoveRemainingStartsBack MoveRemainingStartsForward "
    "MoveCompletedEndsForward BaselineForEarnedValue AutoAddNewResourcesAndTasks StatusDate CurrentDate "
    "MicrosoftProjectServerURL Autolink NewTaskStartDate NewTasksAreManual DefaultTaskEVMethod "
    "ProjectExternallyEdited ExtendedCreationDate ActualsInSync RemoveFileProperties AdminProject "
    "UpdateManuallyScheduledTasksWhenEditingLinks KeepTaskOnNearestWorkingTimeWhenMadeAutoScheduled Views "
    "Filters Groups Tables Maps Reports Drawings DataLinks VBAProjects OutlineCodes WBSMasks "
    "ExtendedAttributes Calendars Tasks Resources Assignments"
)
TASK = _names(
    "UID GUID ID Name Active Manual Type IsNull CreateDate Contact WBS WBSLevel OutlineNumber OutlineLevel "
    "Priority StartText FinishText DurationText Start Finish Duration ManualStart ManualFinish ManualDuration "
    "DurationFormat Work Stop Resume ResumeValid EffortDriven Recurring OverAllocated Estimated Milestone "
    "Summary DisplayAsSummary Critical IsSubproject IsSubprojectReadOnly SubprojectName ExternalTask "
    "ExternalTaskProject EarlyStart EarlyFinish LateStart LateFinish StartVariance FinishVariance "
    "WorkVariance FreeSlack TotalSlack StartSlack FinishSlack FixedCost FixedCostAccrual PercentComplete "
    "PercentWorkComplete Cost OvertimeCost OvertimeWork ActualStart ActualFinish ActualDuration ActualCost "
    "ActualOvertimeCost ActualWork ActualOvertimeWork RegularWork RemainingDuration RemainingCost "
    "RemainingWork RemainingOvertimeCost RemainingOvertimeWork ACWP CV ConstraintType CalendarUID "
    "ConstraintDate Deadline LevelAssignments LevelingCanSplit LevelingDelay LevelingDelayFormat "
    "PreLeveledStart PreLeveledFinish Hyperlink HyperlinkAddress HyperlinkSubAddress IgnoreResourceCalendar "
    "Notes HideBar Rollup BCWS BCWP PhysicalPercentComplete EarnedValueMethod PredecessorLink "
    "ActualWorkProtected IsPublished ActualOvertimeWorkProtected StatusManager CommitmentStart "
    "CommitmentFinish CommitmentType ExtendedAttribute Baseline OutlineCode TimephasedData"
)
CALENDAR = _names("UID GUID Name IsBaseCalendar IsBaselineCalendar BaseCalendarUID WeekDays Exceptions WorkWeeks")
LINK = _names("PredecessorUID Type CrossProject CrossProjectName LinkLag LagFormat")
RESOURCE = _names(
    "UID GUID ID Name Type IsNull Initials Phonetics NTAccount MaterialLabel Code Group WorkGroup "
    "EmailAddress Hyperlink HyperlinkAddress HyperlinkSubAddress MaxUnits PeakUnits OverAllocated "
    "AvailableFrom AvailableTo Start Finish CanLevel AccrueAt Work RegularWork OvertimeWork ActualWork "
    "RemainingWork ActualOvertimeWork RemainingOvertimeWork PercentWorkComplete StandardRate "
    "StandardRateFormat Cost OvertimeRate OvertimeRateFormat OvertimeCost CostPerUse ActualCost "
    "ActualOvertimeCost RemainingCost RemainingOvertimeCost WorkVariance CostVariance SV CV ACWP CalendarUID "
    "Notes BCWS BCWP IsGeneric IsInactive IsEnterprise BookingType ActualWorkProtected "
    "ActualOvertimeWorkProtected ActiveDirectoryGUID CreationDate IsCostResource IsBudget Baseline "
    "AvailabilityPeriods ExtendedAttribute Rates OutlineCode TimephasedData"
)
ASSIGNMENT = _names(
    "UID GUID TaskUID ResourceUID PercentWorkComplete ActualCost ActualFinish ActualOvertimeCost "
    "ActualOvertimeWork ActualStart ActualWork ACWP Confirmed Cost CostRateTable RateScale CostVariance CV "
    "Delay Finish FinishVariance Hyperlink HyperlinkAddress HyperlinkSubAddress WorkVariance HasFixedRateUnits "
    "FixedMaterial LevelingDelay LevelingDelayFormat LinkedFields Milestone Notes Overallocated OvertimeCost "
    "OvertimeWork PeakUnits RegularWork RemainingCost RemainingOvertimeCost RemainingOvertimeWork "
    "RemainingWork ResponsePending Start Stop Resume StartVariance Summary SV Units UpdateNeeded VAC Work "
    "WorkContour BCWS BCWP BookingType ActualWorkProtected ActualOvertimeWorkProtected CreationDate "
    "AssnOwner AssnOwnerGuid BudgetCost BudgetWork ExtendedAttribute Baseline TimephasedData"
)

WRITTEN = {
    "Project": frozenset(
        _names(
            "Name Title ScheduleFromStart StartDate StatusDate CurrencyCode CalendarUID Calendars Tasks Resources Assignments"
        )
    ),
    "Task": frozenset(
        _names(
            "UID ID Name OutlineLevel Priority Duration DurationFormat Milestone Summary ConstraintType CalendarUID "
            "PercentComplete Start Finish ConstraintDate Deadline ActualStart ActualFinish PredecessorLink Baseline "
            "FixedCost Notes"
        )
    ),
    "Calendar": frozenset(_names("UID Name IsBaseCalendar BaseCalendarUID WeekDays Exceptions")),
    "PredecessorLink": frozenset(_names("PredecessorUID Type LinkLag LagFormat")),
    "Resource": frozenset(
        _names(
            "UID ID Name Type MaxUnits StandardRate StandardRateFormat OvertimeRate OvertimeRateFormat CostPerUse "
            "CalendarUID MaterialLabel Rates"
        )
    ),
    "Assignment": frozenset(_names("UID TaskUID ResourceUID Units Work CostRateTable")),
}
"""The elements the writer produces from the model: everything else is kept. The file's own
numbers (UID, and a task's or resource's ID) are kept as well, so a written file numbers its
rows as the file read did (and a re-import gives every entity the key it had)."""


def numbers(entities: Sequence[Entity], name: str = "UID", lowest: int = 1) -> dict[str, int]:
    """Each entity's number in a written file: the one kept from the file it came from where
    there is one (not below `lowest`, and no other entity has it), else the next after the highest."""
    found: dict[str, int] = {}
    used: set[int] = set()
    for entity in entities:
        kept = getattr(entity, "extra", {}).get(name, "")
        if kept.isdigit() and int(kept) >= lowest and int(kept) not in used:
            found[entity.key] = int(kept)
            used.add(int(kept))
    following = max(used, default=lowest - 1) + 1
    for entity in entities:
        if entity.key not in found:
            found[entity.key] = following
            following += 1
    return found


_ORDER = {
    name: {element: rank for rank, element in enumerate(order)}
    for name, order in (
        ("Project", PROJECT),
        ("Task", TASK),
        ("Calendar", CALENDAR),
        ("PredecessorLink", LINK),
        ("Resource", RESOURCE),
        ("Assignment", ASSIGNMENT),
    )
}


def keep(element: etree._Element, written: frozenset[str]) -> dict[str, str]:
    """The element's children the writer would not produce, by name (see the module's doc)."""
    return split(element, written)[1]


def split(
    element: etree._Element, written: frozenset[str]
) -> tuple[dict[str, str], dict[str, str], dict[str, list[etree._Element]]]:
    """One pass over an element's children: the text of each plain child by name (the first of
    a name, non-empty), what to keep (see `keep`), and the structured children by name."""
    fields: dict[str, str] = {}
    kept: dict[str, str] = {}
    nested: dict[str, list[etree._Element]] = {}
    counts: dict[str, int] = {}
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue  # comments and processing instructions
        name = tag[len(NS) :] if tag.startswith(NS) else tag
        plain = len(child) == 0
        text = (child.text or "").strip()
        if not plain:
            nested.setdefault(name, []).append(child)
        elif text and name not in fields:
            fields[name] = text
        if name in written:
            continue
        count = counts[name] = counts.get(name, 0) + 1
        if plain and count == 1:
            kept[name] = text
        else:
            kept[f"{name}[{count}]"] = fragment(child)
    return fields, kept, nested


def fragment(element: etree._Element) -> str:
    """An element as XML text, without the MSPDI namespace declaration or the whitespace that
    only indents it."""
    for inner in element.iter():
        if len(inner) and inner.text is not None and not inner.text.strip():
            inner.text = None
        if inner is not element and inner.tail is not None and not inner.tail.strip():
            inner.tail = None
    return etree.tostring(element, encoding="unicode", with_tail=False).replace(_DECLARATION, "", 1)


def restore(row: etree._Element, kind: str, extra: Mapping[str, str]) -> None:
    """Put the kept elements back into a written row (where the row does not already have one
    of the name: the model wins) and order its children as the schema does (elements the
    schema table does not know go last, in the order they were kept)."""
    if not extra:
        return
    written = {child.tag for child in row}
    for name, value in extra.items():
        if "[" in name:
            row.append(etree.fromstring(f"<kept{_DECLARATION}>{value}</kept>", _PARSER)[0])
        elif NS + name not in written:  # what the model says wins over what was kept
            etree.SubElement(row, NS + name).text = value
    order = _ORDER[kind]
    last = len(order)
    row[:] = sorted(row, key=lambda child: order.get(str(child.tag)[len(NS) :], last))


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
