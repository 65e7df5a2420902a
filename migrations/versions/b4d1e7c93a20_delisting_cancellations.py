"""Delisting: a booking Verity cancelled keeps why (cancellation_code); expiry warnings at 30 and 7 days, to admins too.

Revision ID: b4d1e7c93a20
Revises: a4d2c8e6f1b3
Create Date: 2026-12-04 19:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = 'b4d1e7c93a20'
down_revision = 'a4d2c8e6f1b3'
branch_labels = None
depends_on = None

KINDS = "kind IN ('expiry', 'expiry_7', 'admin_expiry', 'admin_expiry_7', 'next_check')"
OLD_KINDS = "kind IN ('expiry', 'next_check')"


def upgrade():
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancellation_code', sa.String(length=30), nullable=True))
    with op.batch_alter_table('credential_reminders', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_credential_reminders_kind_known'), type_='check')
        batch_op.create_check_constraint('kind_known', KINDS)


def downgrade():
    op.execute("DELETE FROM credential_reminders WHERE kind NOT IN ('expiry', 'next_check')")
    with op.batch_alter_table('credential_reminders', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_credential_reminders_kind_known'), type_='check')
        batch_op.create_check_constraint('kind_known', OLD_KINDS)
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.drop_column('cancellation_code')
