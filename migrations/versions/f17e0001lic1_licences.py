"""Licences (personal, premises, CQC) verified by admins against evidence, and amber-tier oversight links.

Revision ID: f17e0001lic1
Revises: f17e0001cmp1
Create Date: 2026-12-06 02:50:00.000000

"""
import sqlalchemy as sa
from alembic import op

from core.db import UTCDateTime

revision = 'f17e0001lic1'
down_revision = 'f17e0001cmp1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'licences',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('practitioner_id', sa.Integer(), nullable=False),
        sa.Column('clinic_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('issuer', sa.String(length=120), nullable=False),
        sa.Column('number', sa.String(length=60), nullable=False),
        sa.Column('expires_on', sa.Date(), nullable=True),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('document_name', sa.String(length=40), nullable=False),
        sa.Column('document_original_name', sa.String(length=120), nullable=False),
        sa.Column('document_mime_type', sa.String(length=40), nullable=False),
        sa.Column('document_size', sa.Integer(), nullable=False),
        sa.Column('submitted_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('verified_at', UTCDateTime(timezone=True), nullable=True),
        sa.Column('verified_by_id', sa.Integer(), nullable=True),
        sa.Column('rejected_at', UTCDateTime(timezone=True), nullable=True),
        sa.Column('rejected_by_id', sa.Integer(), nullable=True),
        sa.Column('rejection_reason', sa.Text(), nullable=False),
        sa.CheckConstraint("kind IN ('personal', 'premises', 'cqc')", name=op.f('ck_licences_kind_known')),
        sa.CheckConstraint("status IN ('pending', 'verified', 'rejected', 'replaced')",
                           name=op.f('ck_licences_status_known')),
        sa.CheckConstraint("(kind = 'personal') = (clinic_id IS NULL)", name=op.f('ck_licences_clinic_when_premises')),
        sa.ForeignKeyConstraint(['practitioner_id'], ['practitioners.id'],
                                name=op.f('fk_licences_practitioner_id_practitioners'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['clinic_id'], ['clinics.id'], name=op.f('fk_licences_clinic_id_clinics'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['verified_by_id'], ['users.id'], name=op.f('fk_licences_verified_by_id_users'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['rejected_by_id'], ['users.id'], name=op.f('fk_licences_rejected_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_licences')),
    )
    op.create_index(op.f('ix_licences_practitioner_id'), 'licences', ['practitioner_id'], unique=False)
    op.create_index(op.f('ix_licences_clinic_id'), 'licences', ['clinic_id'], unique=False)
    op.create_index(op.f('ix_licences_status'), 'licences', ['status'], unique=False)
    op.create_table(
        'oversights',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('practitioner_id', sa.Integer(), nullable=False),
        sa.Column('overseer_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('asked_at', UTCDateTime(timezone=True), nullable=False),
        sa.Column('answered_at', UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("status IN ('asked', 'accepted', 'declined', 'ended')",
                           name=op.f('ck_oversights_status_known')),
        sa.CheckConstraint('practitioner_id <> overseer_id', name=op.f('ck_oversights_not_oneself')),
        sa.ForeignKeyConstraint(['practitioner_id'], ['practitioners.id'],
                                name=op.f('fk_oversights_practitioner_id_practitioners'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['overseer_id'], ['practitioners.id'],
                                name=op.f('fk_oversights_overseer_id_practitioners'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_oversights')),
    )
    op.create_index(op.f('ix_oversights_practitioner_id'), 'oversights', ['practitioner_id'], unique=False)
    op.create_index(op.f('ix_oversights_overseer_id'), 'oversights', ['overseer_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_oversights_overseer_id'), table_name='oversights')
    op.drop_index(op.f('ix_oversights_practitioner_id'), table_name='oversights')
    op.drop_table('oversights')
    op.drop_index(op.f('ix_licences_status'), table_name='licences')
    op.drop_index(op.f('ix_licences_clinic_id'), table_name='licences')
    op.drop_index(op.f('ix_licences_practitioner_id'), table_name='licences')
    op.drop_table('licences')
