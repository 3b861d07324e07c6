"""Resumable web uploads: partial files received by the tus protocol; a batch's expected file count,
its last activity and why it was closed (cancelled, stalled)

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-02 00:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('upload_batches') as batch:
        batch.add_column(sa.Column('expected_files', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('last_activity_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('closed_reason', sa.Text(), nullable=True))
    op.create_table(
        'upload_parts',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('batch_id', sa.Integer(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('relative_path', sa.String(length=1024), nullable=False),
        sa.Column('length', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['batch_id'], ['upload_batches.id'], name=op.f('fk_upload_parts_batch_id_upload_batches'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_upload_parts')),
    )
    op.create_index(op.f('ix_upload_parts_batch_id'), 'upload_parts', ['batch_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_upload_parts_batch_id'), table_name='upload_parts')
    op.drop_table('upload_parts')
    with op.batch_alter_table('upload_batches') as batch:
        batch.drop_column('closed_reason')
        batch.drop_column('last_activity_at')
        batch.drop_column('expected_files')
