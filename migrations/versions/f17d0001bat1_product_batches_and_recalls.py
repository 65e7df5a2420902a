"""Products used at attended appointments (batch and expiry), recalls of a batch, and the notices sent.

Revision ID: f17d0001bat1
Revises: f17b0001age1
Create Date: 2026-12-05 13:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

from core.db import UTCDateTime

revision = 'f17d0001bat1'
down_revision = 'f17b0001age1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'product_uses',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('booking_id', sa.Integer(), nullable=False),
        sa.Column('practitioner_id', sa.Integer(), nullable=False),
        sa.Column('product_name', sa.String(length=120), nullable=False),
        sa.Column('manufacturer', sa.String(length=120), nullable=False),
        sa.Column('batch_number', sa.String(length=60), nullable=False),
        sa.Column('batch_key', sa.String(length=60), nullable=False),
        sa.Column('expires_on', sa.Date(), nullable=False),
        sa.Column('quantity', sa.String(length=40), nullable=False),
        sa.Column('expired_confirmed', sa.Boolean(), nullable=False),
        sa.Column('recorded_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], name=op.f('fk_product_uses_booking_id_bookings'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['practitioner_id'], ['practitioners.id'],
                                name=op.f('fk_product_uses_practitioner_id_practitioners'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_product_uses')),
    )
    op.create_index(op.f('ix_product_uses_booking_id'), 'product_uses', ['booking_id'], unique=False)
    op.create_index(op.f('ix_product_uses_practitioner_id'), 'product_uses', ['practitioner_id'], unique=False)
    op.create_index(op.f('ix_product_uses_batch_key'), 'product_uses', ['batch_key'], unique=False)
    op.create_table(
        'recalls',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('product_name', sa.String(length=120), nullable=False),
        sa.Column('batch_number', sa.String(length=60), nullable=False),
        sa.Column('batch_key', sa.String(length=60), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('source_url', sa.String(length=500), nullable=False),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('updated_at', UTCDateTime(timezone=True), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_recalls_created_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recalls')),
        sa.UniqueConstraint('batch_key', name=op.f('uq_recalls_batch_key')),
    )
    op.create_table(
        'recall_notices',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('recall_id', sa.Integer(), nullable=False),
        sa.Column('booking_id', sa.Integer(), nullable=False),
        sa.Column('recipient', sa.String(length=20), nullable=False),
        sa.Column('email', sa.String(length=255), nullable=False),
        sa.Column('sent_at', UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("recipient IN ('patient', 'practitioner')", name=op.f('ck_recall_notices_recipient_known')),
        sa.ForeignKeyConstraint(['recall_id'], ['recalls.id'], name=op.f('fk_recall_notices_recall_id_recalls'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], name=op.f('fk_recall_notices_booking_id_bookings'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recall_notices')),
        sa.UniqueConstraint('recall_id', 'booking_id', 'recipient', name='uq_recall_notices_once'),
    )
    op.create_index(op.f('ix_recall_notices_recall_id'), 'recall_notices', ['recall_id'], unique=False)
    op.create_index(op.f('ix_recall_notices_booking_id'), 'recall_notices', ['booking_id'], unique=False)


def downgrade():
    op.drop_table('recall_notices')
    op.drop_table('recalls')
    op.drop_table('product_uses')
