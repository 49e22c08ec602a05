"""referral sources, origin, assignment, duplicates; idempotent operations

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 04:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

import bot.store.models

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('referral', schema=None) as batch_op:
        # Referrals from before this release came by email; their sources are unknown ({}).
        batch_op.add_column(sa.Column('sources', sa.Text(), nullable=False, server_default='{}'))
        batch_op.add_column(sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default='email'))
        batch_op.add_column(sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('assigned_to', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column('possible_duplicates', sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=''))
    op.create_table(
        'operation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('at', bot.store.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column('referral_id', sa.Integer(), nullable=True),
        sa.Column('result_json', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['referral_id'], ['referral.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('operation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_operation_key'), ['key'], unique=True)
        batch_op.create_index(batch_op.f('ix_operation_referral_id'), ['referral_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('operation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_operation_referral_id'))
        batch_op.drop_index(batch_op.f('ix_operation_key'))
    op.drop_table('operation')
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_column('possible_duplicates')
        batch_op.drop_column('assigned_to')
        batch_op.drop_column('created_by')
        batch_op.drop_column('origin')
        batch_op.drop_column('sources')
