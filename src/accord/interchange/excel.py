"""A computed schedule as an Excel workbook (openpyxl): one row per task, dates as Excel dates,
the critical path marked, filters and frozen headings ready."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

if TYPE_CHECKING:
    from accord.services.scheduling import ScheduleReport, TaskSchedule

HEADINGS = (
    ("Task", 16),
    ("Name", 40),
    ("Project", 14),
    ("Early start", 17),
    ("Early finish", 17),
    ("Late start", 17),
    ("Late finish", 17),
    ("Total float (days)", 12),
    ("Free float (days)", 12),
    ("Critical", 9),
    ("Why it starts then", 50),
)
DAY_MINUTES = 480
CRITICAL = PatternFill("solid", fgColor="FDE2E1")


def workbook(report: ScheduleReport) -> bytes:
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "Schedule"
    sheet.append([h for h, _ in HEADINGS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, (_, width) in enumerate(HEADINGS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    _rows(sheet, report.tasks)
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = sheet.dimensions
    summary = book.create_sheet("Summary")
    for row in (
        ("Scheduled", report.key),
        ("Projects", ", ".join(report.projects)),
        ("Status date", report.status_date),
        ("Finish", report.finish),
        ("Tasks", len(report.tasks)),
        ("Critical tasks", sum(t.critical for t in report.tasks)),
    ):
        summary.append(list(row))
    summary.column_dimensions["A"].width = 16
    summary.column_dimensions["B"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rows(sheet: Worksheet, tasks: Sequence[TaskSchedule]) -> None:
    for t in tasks:
        sheet.append(
            [
                t.key,
                t.name,
                t.project,
                t.early_start,
                t.early_finish,
                t.late_start,
                t.late_finish,
                round(t.total_float_minutes / DAY_MINUTES, 2),
                round(t.free_float_minutes / DAY_MINUTES, 2),
                "yes" if t.critical else "",
                str(t.driver.get("text", "")),
            ]
        )
        row = sheet.max_row
        for column in range(4, 8):
            sheet.cell(row=row, column=column).number_format = "yyyy-mm-dd hh:mm"
        if t.critical:
            for cell in sheet[row]:
                cell.fill = CRITICAL
