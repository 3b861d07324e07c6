"""inbox objects

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 19:14:28.297571
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('inbox_objects',
    sa.Column('key', sa.String(length=1024), nullable=False),
    sa.Column('etag', sa.String(length=128), nullable=False),
    sa.Column('size', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('synced_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_inbox_objects_document_id_documents'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_inbox_objects'))
    )


def downgrade() -> None:
    op.drop_table('inbox_objects')
