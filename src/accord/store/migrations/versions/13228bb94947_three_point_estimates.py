"""Three-point estimates of tasks

Revision ID: 13228bb94947
Revises: 9ba69eaa7572
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "13228bb94947"
down_revision: str | None = "9ba69eaa7572"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("optimistic", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("pessimistic", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_column("pessimistic")
        batch_op.drop_column("optimistic")
