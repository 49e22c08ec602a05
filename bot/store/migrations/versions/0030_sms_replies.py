"""SMS replies: the alerts texted to each number, and each text received through Notify

Revision ID: 0030
Revises: 0020
Create Date: 2026-12-03 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.store.models

revision = '0030'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'oncall_alert_text',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('alert_id', sa.Integer(), nullable=False),
        sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column('stage', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('texted_at', bot.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['alert_id'], ['oncall_alert.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_oncall_alert_text_alert_id'), 'oncall_alert_text', ['alert_id'],
                    unique=False)
    op.create_index(op.f('ix_oncall_alert_text_phone'), 'oncall_alert_text', ['phone'],
                    unique=False)
    op.create_table(
        'sms_reply',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('notify_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('received_at', bot.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('processed_at', bot.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('processed_by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('sender', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('alerts', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_sms_reply_notify_id'), 'sms_reply', ['notify_id'], unique=True)
    op.create_index(op.f('ix_sms_reply_received_at'), 'sms_reply', ['received_at'],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_sms_reply_received_at'), table_name='sms_reply')
    op.drop_index(op.f('ix_sms_reply_notify_id'), table_name='sms_reply')
    op.drop_table('sms_reply')
    op.drop_index(op.f('ix_oncall_alert_text_phone'), table_name='oncall_alert_text')
    op.drop_index(op.f('ix_oncall_alert_text_alert_id'), table_name='oncall_alert_text')
    op.drop_table('oncall_alert_text')
