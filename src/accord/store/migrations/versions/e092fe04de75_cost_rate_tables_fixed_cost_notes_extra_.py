"""Cost rate tables, fixed cost, task notes and the attributes of imported files Accord does not model

Revision ID: e092fe04de75
Revises: 3f4fba056e63
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import accord.store.types

revision: str = "e092fe04de75"
down_revision: str | None = "3f4fba056e63"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EMPTY_MAP = sa.text("'{}'")
EMPTY_LIST = sa.text("'[]'")


def _extra() -> sa.Column:  # type: ignore[type-arg]
    return sa.Column("extra", sa.JSON(), nullable=False, server_default=EMPTY_MAP)


def upgrade() -> None:
    # Existing rows get the defaults; the server defaults are then dropped, as the model has none.
    added = {
        "assignments": [sa.Column("rate_table", sa.Text(), nullable=False, server_default="A"), _extra()],
        "calendars": [_extra()],
        "dependencies": [_extra()],
        "projects": [_extra()],
        "resources": [sa.Column("rates", sa.JSON(), nullable=False, server_default=EMPTY_LIST), _extra()],
        "tasks": [
            sa.Column("fixed_cost", accord.store.types.Money(), nullable=False, server_default="0"),
            sa.Column("notes", sa.Text(), nullable=False, server_default=""),
            _extra(),
        ],
    }
    for table, columns in added.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.add_column(column)
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(column.name, server_default=None)


def downgrade() -> None:
    dropped = {
        "tasks": ["extra", "notes", "fixed_cost"],
        "resources": ["extra", "rates"],
        "projects": ["extra"],
        "dependencies": ["extra"],
        "calendars": ["extra"],
        "assignments": ["extra", "rate_table"],
    }
    for table, columns in dropped.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in columns:
                batch_op.drop_column(name)
