"""mutes and rule health: mute, rule_state, rule_count tables; alert.muted_by

Revision ID: 0004
Revises: 0002
Create Date: 2026-11-29
"""
import sqlalchemy as sa
from alembic import op

import storage.sqltypes

revision = '0004'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('mute',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('target', sa.String(length=200), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('created_at', storage.sqltypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', storage.sqltypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', storage.sqltypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_by', sa.String(length=100), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mute', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mute_expires_at'), ['expires_at'], unique=False)
    op.create_table('rule_state',
    sa.Column('rule_id', sa.String(length=64), nullable=False),
    sa.Column('first_seen_at', storage.sqltypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('state_since', storage.sqltypes.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('rule_id')
    )
    op.create_table('rule_count',
    sa.Column('rule_id', sa.String(length=64), nullable=False),
    sa.Column('day', sa.String(length=10), nullable=False),
    sa.Column('matched', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('rule_id', 'day')
    )
    # NULL for every alert raised before: no mute existed
    with op.batch_alter_table('alert', schema=None) as batch_op:
        batch_op.add_column(sa.Column('muted_by', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('alert', schema=None) as batch_op:
        batch_op.drop_column('muted_by')
    op.drop_table('rule_count')
    op.drop_table('rule_state')
    with op.batch_alter_table('mute', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mute_expires_at'))
    op.drop_table('mute')
