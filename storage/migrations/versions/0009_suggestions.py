"""Mappings that need confirmation: people's decisions on them, and documents that are no evidence

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 22:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('documents') as batch:
        batch.add_column(sa.Column('evidence_status', sa.String(length=16), nullable=True))
        batch.add_column(sa.Column('evidence_reason', sa.Text(), nullable=True))
        batch.create_index(batch.f('ix_documents_evidence_status'), ['evidence_status'])
    op.create_table(
        'mapping_decisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('question_code', sa.String(length=32), nullable=False),
        sa.Column('decision', sa.String(length=16), nullable=False),
        sa.Column('doc_type', sa.String(length=64), nullable=True),
        sa.Column('confidence', sa.Float(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('decided_by', sa.String(length=255), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE',
                                name=op.f('fk_mapping_decisions_document_id_documents')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mapping_decisions')),
        sa.UniqueConstraint('document_id', 'question_code', name='uq_mapping_decisions_question'),
    )
    op.create_index(op.f('ix_mapping_decisions_document_id'), 'mapping_decisions', ['document_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_mapping_decisions_document_id'), table_name='mapping_decisions')
    op.drop_table('mapping_decisions')
    with op.batch_alter_table('documents') as batch:
        batch.drop_index(batch.f('ix_documents_evidence_status'))
        batch.drop_column('evidence_reason')
        batch.drop_column('evidence_status')
