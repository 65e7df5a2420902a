"""Compliance hold: a not-compliant badge closes bookings until an admin clears it (bookings_held_since).

Revision ID: c7a9e2f41d05
Revises: b4d1e7c93a20
Create Date: 2026-12-04 20:45:00.000000

"""
import sqlalchemy as sa
from alembic import op

from core.db import UTCDateTime

revision = 'c7a9e2f41d05'
down_revision = 'b4d1e7c93a20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('compliance_badges', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bookings_held_since', UTCDateTime(timezone=True), nullable=True))
    # Practitioners not compliant today are held from now on, as the badge sync would hold them.
    op.execute("UPDATE compliance_badges SET bookings_held_since = computed_at WHERE status = 'not_compliant'")


def downgrade():
    with op.batch_alter_table('compliance_badges', schema=None) as batch_op:
        batch_op.drop_column('bookings_held_since')
