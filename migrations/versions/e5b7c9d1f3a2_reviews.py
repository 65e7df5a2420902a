"""Verified reviews: bookings marked attended, reviews of them, and each attended booking's review request.

Revision ID: e5b7c9d1f3a2
Revises: d3f8a1c7e512
Create Date: 2026-12-05 09:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

from core.db import UTCDateTime

revision = 'e5b7c9d1f3a2'
down_revision = 'd3f8a1c7e512'
branch_labels = None
depends_on = None

OLD_STATUSES = "status IN ('booked', 'confirmed', 'cancelled', 'no_show')"
NEW_STATUSES = "status IN ('booked', 'confirmed', 'cancelled', 'no_show', 'attended')"


def upgrade():
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attended_at', UTCDateTime(timezone=True), nullable=True))
        batch_op.drop_constraint(op.f('ck_bookings_status_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_bookings_status_known'), NEW_STATUSES)
    op.create_table(
        'reviews',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('booking_id', sa.Integer(), nullable=True),
        sa.Column('practitioner_id', sa.Integer(), nullable=False),
        sa.Column('patient_id', sa.Integer(), nullable=True),
        sa.Column('author_name', sa.String(length=60), nullable=False),
        sa.Column('stars', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('treatment_name', sa.String(length=120), nullable=False),
        sa.Column('appointment_on', sa.Date(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('claims_verdict', sa.String(length=20), nullable=False),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('published_at', UTCDateTime(timezone=True), nullable=True),
        sa.Column('reply_text', sa.Text(), nullable=True),
        sa.Column('replied_at', UTCDateTime(timezone=True), nullable=True),
        sa.Column('reply_held', sa.Boolean(), nullable=False),
        sa.Column('reported_at', UTCDateTime(timezone=True), nullable=True),
        sa.Column('report_reason', sa.String(length=40), nullable=True),
        sa.Column('report_note', sa.Text(), nullable=False),
        sa.Column('removed_at', UTCDateTime(timezone=True), nullable=True),
        sa.Column('removal_reason', sa.String(length=40), nullable=True),
        sa.Column('removal_note', sa.Text(), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('anonymised_at', UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint('stars BETWEEN 1 AND 5', name=op.f('ck_reviews_stars_range')),
        sa.CheckConstraint("status IN ('published', 'held', 'removed')", name=op.f('ck_reviews_status_known')),
        sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], name=op.f('fk_reviews_booking_id_bookings'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_reviews_decided_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['patient_id'], ['users.id'], name=op.f('fk_reviews_patient_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['practitioner_id'], ['practitioners.id'],
                                name=op.f('fk_reviews_practitioner_id_practitioners'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews')),
        sa.UniqueConstraint('booking_id', name=op.f('uq_reviews_booking_id')),
    )
    op.create_index('ix_reviews_practitioner_status', 'reviews', ['practitioner_id', 'status', 'created_at'])
    op.create_index('ix_reviews_status_created_at', 'reviews', ['status', 'created_at'])
    op.create_index(op.f('ix_reviews_patient_id'), 'reviews', ['patient_id'])
    op.create_table(
        'review_requests',
        sa.Column('booking_id', sa.Integer(), nullable=False),
        sa.Column('nonce', sa.String(length=32), nullable=False),
        sa.Column('sent_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('used_at', UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], name=op.f('fk_review_requests_booking_id_bookings'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('booking_id', name=op.f('pk_review_requests')),
    )


def downgrade():
    op.drop_table('review_requests')
    op.drop_index(op.f('ix_reviews_patient_id'), table_name='reviews')
    op.drop_index('ix_reviews_status_created_at', table_name='reviews')
    op.drop_index('ix_reviews_practitioner_status', table_name='reviews')
    op.drop_table('reviews')
    op.execute("UPDATE bookings SET status = 'confirmed' WHERE status = 'attended'")
    with op.batch_alter_table('bookings', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_bookings_status_known'), type_='check')
        batch_op.create_check_constraint(op.f('ck_bookings_status_known'), OLD_STATUSES)
        batch_op.drop_column('attended_at')
