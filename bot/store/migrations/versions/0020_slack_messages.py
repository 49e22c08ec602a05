"""Slack messages updated in place: the channel post of each referral, its ts

Revision ID: 0020
Revises: 0006
Create Date: 2026-12-02 05:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.store.models

revision = '0020'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'slack_message',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('referral_id', sa.Integer(), nullable=True),
        sa.Column('channel', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('ts', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('queued_at', bot.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('posted_at', bot.store.models.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['referral_id'], ['referral.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_slack_message_key'), 'slack_message', ['key'], unique=True)
    op.create_index(op.f('ix_slack_message_referral_id'), 'slack_message', ['referral_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_slack_message_referral_id'), table_name='slack_message')
    op.drop_index(op.f('ix_slack_message_key'), table_name='slack_message')
    op.drop_table('slack_message')
