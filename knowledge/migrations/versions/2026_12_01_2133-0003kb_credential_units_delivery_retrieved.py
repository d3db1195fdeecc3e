"""credential cost count, exam delivery and retrieval date

Why: a total cost needs the number of priced units (two exams, nine courses); "online" must accept exams
proctored online; and a date the facts were only read on is shown as "read on", never as "as of".

Revision ID: 0003kb
Revises: 0002kbedu
Create Date: 2026-12-01 21:33:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003kb"
down_revision = "0002kbedu"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kb_credentials") as batch:
        batch.add_column(sa.Column("cost_count", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("exam_delivery", sa.String(length=60), nullable=True))
        batch.add_column(sa.Column("retrieved", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kb_credentials") as batch:
        batch.drop_column("retrieved")
        batch.drop_column("exam_delivery")
        batch.drop_column("cost_count")
