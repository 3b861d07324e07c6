"""Evaluation periods as things: an active period, its windows (isian, verifikasi, revisi) and the TPN deadline

Existing periods get the default schedule of their year (flows/periods/schedule.py: isian 1 January – 31 March,
verifikasi 1–30 April, revisi 1–24 May, proposal to the TPN by 31 May as PermenPANRB 90/2021 sets it); the
newest period becomes the active one.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 00:05:00
"""
from datetime import date

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

_DATES = ('isian_start', 'isian_end', 'verifikasi_start', 'verifikasi_end', 'revisi_start', 'revisi_end',
          'tpn_deadline')


def _defaults(year: int) -> dict:
    # a copy of flows/periods/schedule.default_schedule at the time of writing (a migration never imports the app)
    return {'isian_start': date(year, 1, 1), 'isian_end': date(year, 3, 31),
            'verifikasi_start': date(year, 4, 1), 'verifikasi_end': date(year, 4, 30),
            'revisi_start': date(year, 5, 1), 'revisi_end': date(year, 5, 24),
            'tpn_deadline': date(year, 5, 31)}


def upgrade() -> None:
    # plain ADD COLUMNs, no batch copy: on SQLite a batch rebuild drops and recreates ``periods``, which
    # the foreign keys of every tag, answer and document of an installation in use refuse
    op.add_column('periods', sa.Column('is_active', sa.Boolean(), nullable=False, server_default=sa.false()))
    for name in _DATES:
        op.add_column('periods', sa.Column(name, sa.Date(), nullable=True))
    op.add_column('periods', sa.Column('created_at', sa.DateTime(timezone=True), nullable=True))
    periods = sa.table('periods', sa.column('id', sa.Integer), sa.column('year', sa.Integer),
                       sa.column('is_active', sa.Boolean), *(sa.column(n, sa.Date) for n in _DATES))
    bind = op.get_bind()
    rows = bind.execute(sa.select(periods.c.id, periods.c.year).order_by(periods.c.year)).all()
    for period_id, year in rows:
        bind.execute(periods.update().where(periods.c.id == period_id).values(**_defaults(year)))
    if rows:
        bind.execute(periods.update().where(periods.c.id == rows[-1][0]).values(is_active=True))


def downgrade() -> None:
    for name in ('created_at', *reversed(_DATES), 'is_active'):  # DROP COLUMN (SQLite >= 3.35), no rebuild
        op.drop_column('periods', name)
