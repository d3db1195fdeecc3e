"""credential retirement date and replacement; the other records of the same credential

Why: an issuer retires credentials (CompTIA ITF+ on 2025-07-31, replaced by Tech+); a retired one must
never be recommended, and asked about by name it is found with what replaced it. One credential can have
several records (a curated one and CareerOneStop's, one per certifying body; a price variant): `same_as`
names them, so it is shown once and counts as one.

Revision ID: 0005kb
Revises: 0004kb
Create Date: 2026-12-02 12:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005kb"
down_revision = "0004kb"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("kb_credentials") as batch:
        batch.add_column(sa.Column("retired", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("replaced_by", sa.String(length=160), nullable=True))
        batch.add_column(sa.Column("same_as", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kb_credentials") as batch:
        batch.drop_column("same_as")
        batch.drop_column("replaced_by")
        batch.drop_column("retired")
