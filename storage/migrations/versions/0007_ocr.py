"""OCR of scanned pages: state, pages read and mean confidence of each extraction

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 05:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('extractions') as batch:
        batch.add_column(sa.Column('ocr_state', sa.String(length=16), nullable=True))
        batch.add_column(sa.Column('ocr_pages', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('ocr_confidence', sa.Float(), nullable=True))
        batch.create_index(batch.f('ix_extractions_ocr_state'), ['ocr_state'])


def downgrade() -> None:
    with op.batch_alter_table('extractions') as batch:
        batch.drop_index(batch.f('ix_extractions_ocr_state'))
        batch.drop_column('ocr_confidence')
        batch.drop_column('ocr_pages')
        batch.drop_column('ocr_state')
