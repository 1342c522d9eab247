"""Inserting many rows at once.

SQLAlchemy's executemany prepares every row as a dictionary of bound parameters, which costs
more than the database's own work for large batches (100,000 tasks, their schedule rows). Here
the statement is compiled once, each column's values go through the column type's bind
processor in one pass (exactly what SQLAlchemy would send), and the rows go to the driver's
executemany as they are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, Connection, Table, insert

CHUNK = 20_000
"""Rows per executemany call."""


def insert_rows(connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert `rows` (dictionaries with the same keys, column names of `table`) into `table`."""
    if not rows:
        return
    names = list(rows[0])
    dialect = connection.dialect
    compiled = insert(table).compile(dialect=dialect, column_keys=names)
    processed: dict[str, list[Any]] = {}
    for name in names:
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        values = [row[name] for row in rows]
        if process is None:
            processed[name] = values
        elif isinstance(table.c[name].type, JSON):  # most maps are empty: made once
            empty = process({})
            processed[name] = [None if v is None else empty if v == {} else process(v) for v in values]
        else:
            processed[name] = [None if v is None else process(v) for v in values]
    if compiled.positional:
        order = compiled.positiontup or []
        parameters: list[Any] = list(zip(*(processed[name] for name in order), strict=True))
    else:
        parameters = [dict(zip(names, values, strict=True)) for values in zip(*processed.values(), strict=True)]
    for start in range(0, len(parameters), CHUNK):
        connection.exec_driver_sql(str(compiled), parameters[start : start + CHUNK])
