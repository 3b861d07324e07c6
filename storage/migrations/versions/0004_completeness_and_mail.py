"""document facts, completeness snapshots and the e-mail outbox

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 03:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('documents') as batch:
        batch.add_column(sa.Column('facts', sa.JSON(), nullable=True))
    op.create_table(
        'completeness_snapshots',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('period_id', sa.Integer(), nullable=False),
        sa.Column('slot', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('statuses', sa.JSON(), nullable=False),
        sa.Column('document_ids', sa.JSON(), nullable=False),
        sa.Column('content_hash', sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(['period_id'], ['periods.id'],
                                name=op.f('fk_completeness_snapshots_period_id_periods')),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_completeness_snapshots_unit_id_units')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_completeness_snapshots')),
        sa.UniqueConstraint('unit_id', 'period_id', 'slot', name='uq_completeness_snapshots_slot'),
    )
    op.create_index(op.f('ix_completeness_snapshots_created_at'), 'completeness_snapshots', ['created_at'])
    op.create_table(
        'outbox_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dedupe_key', sa.String(length=255), nullable=False),
        sa.Column('content_hash', sa.String(length=64), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('unit_code', sa.String(length=64), nullable=True),
        sa.Column('recipients', sa.JSON(), nullable=False),
        sa.Column('subject', sa.String(length=512), nullable=False),
        sa.Column('message', sa.LargeBinary(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.Column('transport', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages')),
    )
    op.create_index('ix_outbox_messages_status', 'outbox_messages', ['status'])
    op.create_index('ix_outbox_messages_dedupe', 'outbox_messages', ['dedupe_key', 'content_hash'])


def downgrade() -> None:
    op.drop_index('ix_outbox_messages_dedupe', table_name='outbox_messages')
    op.drop_index('ix_outbox_messages_status', table_name='outbox_messages')
    op.drop_table('outbox_messages')
    op.drop_index(op.f('ix_completeness_snapshots_created_at'), table_name='completeness_snapshots')
    op.drop_table('completeness_snapshots')
    with op.batch_alter_table('documents') as batch:
        batch.drop_column('facts')
