"""create users

Revision ID: f8ff2ab1fdfa
Revises:
Create Date: 2026-01-05 10:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = 'f8ff2ab1fdfa'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'users',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('email', sa.String(255), nullable=False, unique=True),
        sa.Column('is_active', sa.Boolean(), nullable=False, server_default=sa.true()),
    )


def downgrade():
    op.drop_table('users')
