"""Backlog rank, release capacity and program priority

Revision ID: 9ba69eaa7572
Revises: a45bee91ed7d
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9ba69eaa7572"
down_revision: str | None = "a45bee91ed7d"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("features", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rank", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("programs", schema=None) as batch_op:
        # Existing programs get the default priority.
        batch_op.add_column(sa.Column("priority", sa.BigInteger(), nullable=False, server_default="500"))
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.alter_column("priority", server_default=None)
    with op.batch_alter_table("releases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("capacity", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("releases", schema=None) as batch_op:
        batch_op.drop_column("capacity")
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.drop_column("priority")
    with op.batch_alter_table("features", schema=None) as batch_op:
        batch_op.drop_column("rank")
