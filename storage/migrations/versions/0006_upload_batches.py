"""upload batches of the web upload page (one row per batch, one per file)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 04:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'upload_batches',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('period_id', sa.Integer(), nullable=False),
        sa.Column('question_code', sa.String(length=32), nullable=True),
        sa.Column('created_by', sa.String(length=255), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['period_id'], ['periods.id'], name=op.f('fk_upload_batches_period_id_periods')),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_upload_batches_unit_id_units')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_upload_batches')),
    )
    op.create_index(op.f('ix_upload_batches_unit_id'), 'upload_batches', ['unit_id'])
    op.create_table(
        'upload_batch_files',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('batch_id', sa.Integer(), nullable=False),
        sa.Column('relative_path', sa.String(length=1024), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=True),
        sa.Column('outcome', sa.String(length=16), nullable=False),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('size', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['batch_id'], ['upload_batches.id'],
                                name=op.f('fk_upload_batch_files_batch_id_upload_batches'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'],
                                name=op.f('fk_upload_batch_files_document_id_documents'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_upload_batch_files')),
    )
    op.create_index(op.f('ix_upload_batch_files_batch_id'), 'upload_batch_files', ['batch_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_upload_batch_files_batch_id'), table_name='upload_batch_files')
    op.drop_table('upload_batch_files')
    op.drop_index(op.f('ix_upload_batches_unit_id'), table_name='upload_batches')
    op.drop_table('upload_batches')
