"""add phone number to user table

Revision ID: 3a9c0e1d2b47
Revises: f8ff2ab1fdfa
Create Date: 2026-02-07 09:30:00

"""
from alembic import op
import sqlalchemy as sa

revision = '3a9c0e1d2b47'
down_revision = 'f8ff2ab1fdfa'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('users', sa.Column('phone', sa.String(20), nullable=True))


def downgrade():
    op.drop_column('users', 'phone')
