"""Structured answers (issue 13): a bot message keeps its `pivot` payload, so history redraws its cards.

Revision ID: 0006_structured_answers
Revises: 0005_handoff
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_structured_answers"
down_revision = "0005_handoff"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("pivot_json", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("pivot_json")
