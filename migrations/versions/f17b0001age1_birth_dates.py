"""Patients' dates of birth, for the age rules (eligibility/).

Revision ID: f17b0001age1
Revises: f18b3c5d7e91
Create Date: 2026-12-05 13:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

from core.db import UTCDateTime

revision = 'f17b0001age1'
down_revision = 'f18b3c5d7e91'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'birth_dates',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('born_on', sa.Date(), nullable=False),
        sa.Column('recorded_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('corrected_at', UTCDateTime(timezone=True), nullable=True),
        sa.Column('correction_reason', sa.String(length=300), server_default='', nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_birth_dates_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_birth_dates')),
    )


def downgrade():
    op.drop_table('birth_dates')
