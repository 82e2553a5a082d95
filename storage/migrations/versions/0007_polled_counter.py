"""rule_count's "*" row: new entries matched against the rules per UTC day, counted when a poll
is recorded (rule health read it by counting 30 days of entries at every check)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # the days already stored, from the entries themselves (entry.alerted: matched against the rules)
    if op.get_bind().dialect.name == 'postgresql':
        day = "to_char(first_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
    else:
        day = "substr(first_seen_at, 1, 10)"      # stored as 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC
    op.execute(f"INSERT INTO rule_count (rule_id, day, matched) SELECT '*', {day}, count(*) FROM entry "
               f"WHERE alerted GROUP BY {day}")


def downgrade() -> None:
    op.execute("DELETE FROM rule_count WHERE rule_id = '*'")
