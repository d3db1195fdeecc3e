"""telegram_updates keeps the update's JSON until it is processed (restart recovery).

Revision ID: 0003_telegram_recovery
Revises: 0002_counselor
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_telegram_recovery"
down_revision = "0002_counselor"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("telegram_updates") as batch:
        batch.add_column(sa.Column("payload", sa.Text(), nullable=True))
        batch.add_column(sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("telegram_updates") as batch:
        batch.drop_column("processed_at")
        batch.drop_column("payload")
