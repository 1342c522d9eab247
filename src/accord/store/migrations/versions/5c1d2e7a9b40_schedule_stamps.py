"""A stamp on each stored schedule, drawn anew each time one is stored

Revision ID: 5c1d2e7a9b40
Revises: 291dfde601cb
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5c1d2e7a9b40"
down_revision: str | None = "291dfde601cb"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("schedules", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stamp", sa.BigInteger(), nullable=False, server_default="0"))
    with op.batch_alter_table("schedules", schema=None) as batch_op:
        batch_op.alter_column("stamp", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("schedules", schema=None) as batch_op:
        batch_op.drop_column("stamp")
