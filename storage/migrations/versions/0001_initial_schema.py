"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

import storage.sqltypes

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('feed',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('url', sa.String(), nullable=False),
    sa.Column('config_url', sa.String(), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('etag', sa.String(), nullable=True),
    sa.Column('last_modified', sa.String(), nullable=True),
    sa.Column('body_hash', sa.String(length=64), nullable=True),
    sa.Column('next_poll_at', storage.sqltypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_polled_at', storage.sqltypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_success_at', storage.sqltypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('first_polled_at', storage.sqltypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('last_error_at', storage.sqltypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('error_since', storage.sqltypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('consecutive_errors', sa.Integer(), nullable=False),
    sa.Column('unhealthy_notified', sa.Boolean(), nullable=False),
    sa.Column('disabled_reason', sa.String(), nullable=True),
    sa.Column('interval_seconds', sa.Float(), nullable=True),
    sa.Column('entries_total', sa.Integer(), nullable=False),
    sa.Column('lease_owner', sa.String(), nullable=True),
    sa.Column('lease_until', storage.sqltypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', storage.sqltypes.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('feed', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feed_next_poll_at'), ['next_poll_at'], unique=False)

    op.create_table('meta',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', storage.sqltypes.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    op.create_table('story',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('story_key', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('link', sa.String(), nullable=True),
    sa.Column('fingerprint', sa.String(), nullable=False),
    sa.Column('feed_id', sa.String(length=64), nullable=False),
    sa.Column('first_seen_at', storage.sqltypes.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('story_key')
    )
    with op.batch_alter_table('story', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_story_first_seen_at'), ['first_seen_at'], unique=False)

    op.create_table('delivery',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=True),
    sa.Column('notice_id', sa.Integer(), nullable=True),
    sa.Column('subscriber_id', sa.String(length=64), nullable=False),
    sa.Column('destination', sa.String(length=64), nullable=False),
    sa.Column('destination_label', sa.String(), nullable=False),
    sa.Column('idem_key', sa.String(length=64), nullable=False),
    sa.Column('severity_rank', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('due_at', storage.sqltypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('lease_owner', sa.String(length=64), nullable=True),
    sa.Column('lease_until', storage.sqltypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('batch_key', sa.String(length=64), nullable=True),
    sa.Column('ambiguous', sa.Boolean(), nullable=False),
    sa.Column('held', sa.String(), nullable=False),
    sa.Column('sent_at', storage.sqltypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', storage.sqltypes.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['notice_id'], ['notice.id'], ),
    sa.ForeignKeyConstraint(['story_id'], ['story.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('idem_key'),
    sa.UniqueConstraint('notice_id', 'subscriber_id', 'destination', name='uq_delivery_notice_dest'),
    sa.UniqueConstraint('story_id', 'subscriber_id', 'destination', name='uq_delivery_story_dest')
    )
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.create_index('ix_delivery_due', ['status', 'due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_delivery_sent_at'), ['sent_at'], unique=False)

    op.create_table('entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('feed_id', sa.String(length=64), nullable=False),
    sa.Column('entry_key', sa.String(length=64), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('link', sa.String(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('author', sa.String(), nullable=False),
    sa.Column('language', sa.String(), nullable=True),
    sa.Column('published_at', storage.sqltypes.UTCDateTime(timezone=True), nullable=True),
    sa.Column('first_seen_at', storage.sqltypes.UTCDateTime(timezone=True), nullable=False),
    sa.Column('alerted', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['feed_id'], ['feed.id'], ),
    sa.ForeignKeyConstraint(['story_id'], ['story.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('feed_id', 'entry_key', name='uq_entry_feed_key')
    )
    with op.batch_alter_table('entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entry_first_seen_at'), ['first_seen_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_entry_story_id'), ['story_id'], unique=False)

    op.create_table('story_alias',
    sa.Column('story_key', sa.String(length=64), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['story_id'], ['story.id'], ),
    sa.PrimaryKeyConstraint('story_key')
    )
    with op.batch_alter_table('story_alias', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_story_alias_story_id'), ['story_id'], unique=False)

    op.create_table('alert',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rule_id', sa.String(length=64), nullable=False),
    sa.Column('story_id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('rule_title', sa.String(), nullable=False),
    sa.Column('severity', sa.String(), nullable=False),
    sa.Column('rule_file', sa.String(), nullable=False),
    sa.Column('rule_hash', sa.String(), nullable=False),
    sa.Column('terms', sa.Text(), nullable=False),
    sa.Column('fields', sa.String(), nullable=False),
    sa.Column('snippet', sa.Text(), nullable=False),
    sa.Column('created_at', storage.sqltypes.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['entry.id'], ),
    sa.ForeignKeyConstraint(['story_id'], ['story.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('rule_id', 'story_id', name='uq_alert_rule_story')
    )
    with op.batch_alter_table('alert', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alert_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_alert_story_id'), ['story_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('alert', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alert_story_id'))
        batch_op.drop_index(batch_op.f('ix_alert_created_at'))

    op.drop_table('alert')
    with op.batch_alter_table('story_alias', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_story_alias_story_id'))

    op.drop_table('story_alias')
    with op.batch_alter_table('entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entry_story_id'))
        batch_op.drop_index(batch_op.f('ix_entry_first_seen_at'))

    op.drop_table('entry')
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivery_sent_at'))
        batch_op.drop_index('ix_delivery_due')

    op.drop_table('delivery')
    with op.batch_alter_table('story', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_story_first_seen_at'))

    op.drop_table('story')
    op.drop_table('notice')
    op.drop_table('meta')
    with op.batch_alter_table('feed', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feed_next_poll_at'))

    op.drop_table('feed')
