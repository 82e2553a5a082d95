"""alert.routed_to: the subscribers an alert was routed to when it was raised

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL for alerts raised before: who they were routed to was not recorded
    with op.batch_alter_table('alert', schema=None) as batch_op:
        batch_op.add_column(sa.Column('routed_to', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('alert', schema=None) as batch_op:
        batch_op.drop_column('routed_to')
