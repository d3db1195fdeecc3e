"""credential duration source and date, mandatory extra fee

Why: a time shown to a person may come from another page than the price (an exam guide states the minutes,
the issuer's fee page the price); that page and its own date ("as of", else "read on") are kept with it.
A mandatory fee on top of the price (an application fee) is part of what the person pays.

Revision ID: 0004kb
Revises: 0003kb
Create Date: 2026-12-02 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004kb"
down_revision = "0003kb"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kb_credentials") as batch:
        batch.add_column(sa.Column("cost_extra", sa.Float(), nullable=True))
        batch.add_column(sa.Column("duration_source_url", sa.Text(), nullable=True))
        batch.add_column(sa.Column("duration_as_of", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("duration_retrieved", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kb_credentials") as batch:
        batch.drop_column("duration_retrieved")
        batch.drop_column("duration_as_of")
        batch.drop_column("duration_source_url")
        batch.drop_column("cost_extra")
