"""Problem reports after an appointment, the outbox's priority, and a clinic's phone for patients.

Revision ID: f17e0001cmp1
Revises: f17d0001bat1
Create Date: 2026-12-06 03:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

from core.db import UTCDateTime

revision = 'f17e0001cmp1'
down_revision = 'f17d0001bat1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'problem_reports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('booking_id', sa.Integer(), nullable=False),
        sa.Column('practitioner_id', sa.Integer(), nullable=False),
        sa.Column('patient_id', sa.Integer(), nullable=False),
        sa.Column('urgent_signs', sa.JSON(), nullable=False),
        sa.Column('what_happened', sa.Text(), nullable=False),
        sa.Column('started_on', sa.Date(), nullable=True),
        sa.Column('country', sa.String(length=2), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('closed_at', UTCDateTime(timezone=True), nullable=True),
        sa.Column('closed_by_id', sa.Integer(), nullable=True),
        sa.Column('closing_note', sa.Text(), nullable=False),
        sa.CheckConstraint("status IN ('open', 'closed')", name=op.f('ck_problem_reports_status_known')),
        sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], name=op.f('fk_problem_reports_booking_id_bookings'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['practitioner_id'], ['practitioners.id'],
                                name=op.f('fk_problem_reports_practitioner_id_practitioners'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['patient_id'], ['users.id'], name=op.f('fk_problem_reports_patient_id_users'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_problem_reports_closed_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_problem_reports')),
    )
    op.create_index(op.f('ix_problem_reports_booking_id'), 'problem_reports', ['booking_id'], unique=False)
    op.create_index(op.f('ix_problem_reports_practitioner_id'), 'problem_reports', ['practitioner_id'], unique=False)
    op.create_index(op.f('ix_problem_reports_patient_id'), 'problem_reports', ['patient_id'], unique=False)
    op.create_index('ix_problem_reports_status_created_at', 'problem_reports', ['status', 'created_at'], unique=False)
    with op.batch_alter_table('outbox_messages') as batch_op:
        batch_op.add_column(sa.Column('priority', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('clinics') as batch_op:
        batch_op.add_column(sa.Column('phone', sa.String(length=40), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('clinics') as batch_op:
        batch_op.drop_column('phone')
    with op.batch_alter_table('outbox_messages') as batch_op:
        batch_op.drop_column('priority')
    op.drop_table('problem_reports')
