"""An index for the possible-duplicate check every new referral makes

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-06 15:00:00
"""

from __future__ import annotations

from alembic import op

revision = '0031'
down_revision = '0030'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        'ix_referral_same_child', 'referral', ['date_of_birth', 'initials'], unique=False
    )


def downgrade() -> None:
    op.drop_index('ix_referral_same_child', table_name='referral')
