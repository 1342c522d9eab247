"""Levelling delay of tasks

Revision ID: 90d6af6f7141
Revises: 17f4f98de58d
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "90d6af6f7141"
down_revision: str | None = "17f4f98de58d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("levelling_delay", sa.BigInteger(), nullable=False, server_default="0"))
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.alter_column("levelling_delay", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_column("levelling_delay")
