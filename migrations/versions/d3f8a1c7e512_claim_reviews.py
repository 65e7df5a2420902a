"""Claim reviews: the last check of each public text, and an admin's decision on the unsure ones.

Revision ID: d3f8a1c7e512
Revises: c7a9e2f41d05
Create Date: 2026-12-05 07:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

from core.db import UTCDateTime

revision = 'd3f8a1c7e512'
down_revision = 'c7a9e2f41d05'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'claim_reviews',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('practitioner_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('text_hash', sa.String(length=64), nullable=False),
        sa.Column('verdict', sa.String(length=20), nullable=False),
        sa.Column('record', sa.JSON(), nullable=False),
        sa.Column('score', sa.Double(), nullable=True),
        sa.Column('checker', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('decided_by_id', sa.Integer(), nullable=True),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('decided_at', UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('not_needed', 'pending', 'approved', 'refused')",
                           name=op.f('ck_claim_reviews_status_known')),
        sa.CheckConstraint("kind IN ('bio', 'offering', 'clinic', 'statement')",
                           name=op.f('ck_claim_reviews_kind_known')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_claim_reviews_decided_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['practitioner_id'], ['practitioners.id'],
                                name=op.f('fk_claim_reviews_practitioner_id_practitioners'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_reviews')),
        sa.UniqueConstraint('kind', 'object_id', name=op.f('uq_claim_reviews_kind')),
    )
    op.create_index('ix_claim_reviews_status', 'claim_reviews', ['status', 'created_at'], unique=False)
    op.create_index(op.f('ix_claim_reviews_practitioner_id'), 'claim_reviews', ['practitioner_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_claim_reviews_practitioner_id'), table_name='claim_reviews')
    op.drop_index('ix_claim_reviews_status', table_name='claim_reviews')
    op.drop_table('claim_reviews')
