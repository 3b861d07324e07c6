"""documents.size as BIGINT (files over 2 GiB)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 20:00:00

PostgreSQL's INTEGER is 32-bit: recording a file of 2 GiB or more failed there (SQLite's INTEGER
is already 64-bit, so SQLite is left alone — a batch table rebuild there would gain nothing).
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.alter_column('documents', 'size', type_=sa.BigInteger(), existing_type=sa.Integer(),
                    existing_nullable=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.alter_column('documents', 'size', type_=sa.Integer(), existing_type=sa.BigInteger(),
                    existing_nullable=False)
