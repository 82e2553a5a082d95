"""feed.lease_token, delivery.lease_token: which claim holds a lease (fencing across instances)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL while no claim holds the row; every state change after I/O checks it (issue 14)
    with op.batch_alter_table('feed', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lease_token', sa.String(length=32), nullable=True))
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lease_token', sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.drop_column('lease_token')
    with op.batch_alter_table('feed', schema=None) as batch_op:
        batch_op.drop_column('lease_token')
