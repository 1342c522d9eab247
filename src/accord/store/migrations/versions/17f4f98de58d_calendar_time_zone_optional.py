"""A calendar's time zone is optional: without one, its hours are read in its project's zone

Revision ID: 17f4f98de58d
Revises: e092fe04de75
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "17f4f98de58d"
down_revision: str | None = "e092fe04de75"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

calendars = sa.table("calendars", sa.column("time_zone", sa.Text()))


def upgrade() -> None:
    with op.batch_alter_table("calendars", schema=None) as batch_op:
        batch_op.alter_column("time_zone", existing_type=sa.Text(), nullable=True)
    # Until now no schedule read a calendar's zone, and "UTC" was only the default: such
    # calendars keep the hours they had, in the zone of the projects they time.
    op.execute(calendars.update().where(calendars.c.time_zone == "UTC").values(time_zone=None))


def downgrade() -> None:
    op.execute(calendars.update().where(calendars.c.time_zone.is_(None)).values(time_zone="UTC"))
    with op.batch_alter_table("calendars", schema=None) as batch_op:
        batch_op.alter_column("time_zone", existing_type=sa.Text(), nullable=False)
