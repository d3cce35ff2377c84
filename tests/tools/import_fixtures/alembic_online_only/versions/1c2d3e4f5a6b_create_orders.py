"""create orders

Revision ID: 1c2d3e4f5a6b
Revises:
Create Date: 2026-03-02 08:15:00

"""
from alembic import op
import sqlalchemy as sa

revision = '1c2d3e4f5a6b'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('orders', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('total', sa.Numeric(10, 2)))


def downgrade():
    op.drop_table('orders')
