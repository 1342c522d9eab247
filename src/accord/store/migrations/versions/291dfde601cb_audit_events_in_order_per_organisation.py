"""Audit events in order per organisation (where an organisation's trail stands, and what came after)

Revision ID: 291dfde601cb
Revises: 90d6af6f7141
Create Date: 2026-11-26
"""

from collections.abc import Sequence

from alembic import op

revision: str = "291dfde601cb"
down_revision: str | None = "90d6af6f7141"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_audit_events_organization_order", "audit_events", ["organization_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_audit_events_organization_order", table_name="audit_events")
