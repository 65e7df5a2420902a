"""Verification needs evidence: a register check on each credential, and admins' resolutions of duplicate numbers.

Revision ID: b4e2d8f61a37
Revises: 7c3e91a2d5f0
Create Date: 2026-12-04 19:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

from core.db import UTCDateTime

revision = 'b4e2d8f61a37'
down_revision = '7c3e91a2d5f0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('credentials', schema=None) as batch_op:
        batch_op.add_column(sa.Column('register_checked_in', sa.String(length=40), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('register_reference', sa.String(length=200), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('register_checked_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('register_checked_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_credentials_register_checked_by_id_users'), 'users',
                                    ['register_checked_by_id'], ['id'], ondelete='SET NULL')
    op.create_table(
        'credential_duplicate_resolutions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('credential_id', sa.Integer(), nullable=False),
        sa.Column('other_credential_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('resolved_by_id', sa.Integer(), nullable=True),
        sa.Column('resolved_at', UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['credential_id'], ['credentials.id'],
                                name=op.f('fk_credential_duplicate_resolutions_credential_id_credentials'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['other_credential_id'], ['credentials.id'],
                                name=op.f('fk_credential_duplicate_resolutions_other_credential_id_credentials'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'],
                                name=op.f('fk_credential_duplicate_resolutions_resolved_by_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_credential_duplicate_resolutions')),
        sa.UniqueConstraint('credential_id', 'other_credential_id', name='uq_duplicate_resolutions_once'))
    with op.batch_alter_table('credential_duplicate_resolutions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_credential_duplicate_resolutions_credential_id'), ['credential_id'],
                              unique=False)


def downgrade():
    op.drop_table('credential_duplicate_resolutions')
    with op.batch_alter_table('credentials', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_credentials_register_checked_by_id_users'), type_='foreignkey')
        batch_op.drop_column('register_checked_by_id')
        batch_op.drop_column('register_checked_on')
        batch_op.drop_column('register_reference')
        batch_op.drop_column('register_checked_in')
