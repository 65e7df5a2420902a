"""PostGIS for radius search on PostgreSQL: the extension (where this role may install it) and a GiST index.

The index is on an expression of clinics.lat and clinics.lon as a geography, for listed clinics only
(directory/postgis.py), so the tables stay the same on both databases. A no-op on SQLite.

Revision ID: f18b3c5d7e91
Revises: e5b7c9d2a416
Create Date: 2026-12-05 14:00:00.000000

"""
from alembic import op

from directory.postgis import ENSURE_SQL

revision = 'f18b3c5d7e91'
down_revision = 'e5b7c9d2a416'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(ENSURE_SQL)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_clinics_geography")  # the extension may serve others: it stays
