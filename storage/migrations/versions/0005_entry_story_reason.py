"""entry.story_reason: why an entry joined its story or began one (the story engine's explanation)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL for entries stored before: they were grouped by link and title words, unexplained
    with op.batch_alter_table('entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('story_reason', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('entry', schema=None) as batch_op:
        batch_op.drop_column('story_reason')
