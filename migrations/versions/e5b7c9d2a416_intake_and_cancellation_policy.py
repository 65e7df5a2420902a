"""Health answers (encrypted intake questionnaire) and practitioners' cancellation policies.

Revision ID: e5b7c9d2a416
Revises: e5b7c9d1f3a2
Create Date: 2026-12-05 09:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

from core.db import UTCDateTime

revision = 'e5b7c9d2a416'
down_revision = 'e5b7c9d1f3a2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'health_answers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('patient_id', sa.Integer(), nullable=False),
        sa.Column('practitioner_id', sa.Integer(), nullable=False),
        sa.Column('booking_id', sa.Integer(), nullable=True),
        sa.Column('sealed', sa.LargeBinary(), nullable=False),
        sa.Column('key_id', sa.String(length=16), nullable=False),
        sa.Column('saved_at', UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['patient_id'], ['users.id'], name=op.f('fk_health_answers_patient_id_users'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['practitioner_id'], ['practitioners.id'],
                                name=op.f('fk_health_answers_practitioner_id_practitioners'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], name=op.f('fk_health_answers_booking_id_bookings'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_health_answers')),
        sa.UniqueConstraint('booking_id', name=op.f('uq_health_answers_booking_id')),
    )
    op.create_index('ix_health_answers_patient_practitioner', 'health_answers', ['patient_id', 'practitioner_id'],
                    unique=False)
    op.create_table(
        'cancellation_policies',
        sa.Column('practitioner_id', sa.Integer(), nullable=False),
        sa.Column('notice_hours', sa.Integer(), nullable=False),
        sa.Column('fee_text', sa.String(length=300), nullable=False),
        sa.Column('updated_at', UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint('notice_hours BETWEEN 0 AND 336', name=op.f('ck_cancellation_policies_notice_range')),
        sa.ForeignKeyConstraint(['practitioner_id'], ['practitioners.id'],
                                name=op.f('fk_cancellation_policies_practitioner_id_practitioners'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('practitioner_id', name=op.f('pk_cancellation_policies')),
    )


def downgrade():
    op.drop_table('cancellation_policies')
    op.drop_index('ix_health_answers_patient_practitioner', table_name='health_answers')
    op.drop_table('health_answers')
