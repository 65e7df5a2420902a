"""Search generation token for the in-memory listing index (directory/index.py).

Revision ID: 51a18b53c158
Revises: 464f6900f70a
Create Date: 2026-11-22 06:51:15.542656

"""
import sqlalchemy as sa
from alembic import op

revision = '51a18b53c158'
down_revision = '464f6900f70a'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'search_generation',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('token', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_generation')))
    # The one row every commit that changes search data rewrites; 0 until the first such commit.
    op.bulk_insert(table, [{'id': 1, 'token': 0}])


def downgrade():
    op.drop_table('search_generation')
