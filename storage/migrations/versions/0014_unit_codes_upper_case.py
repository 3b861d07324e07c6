"""Unit codes in their canonical form: upper case, no surrounding spaces (as storage.records.repository.unit_key)

Since issue 16 unit codes are compared whatever their case and new ones are stored in upper case; an
installation from before keeps its lower- or mixed-case codes (``dinkes``). This revision rewrites them, and
every column that holds a unit code as text: ``outbox_messages.unit_code``, the unit part of
``outbox_messages.dedupe_key`` (``slot|unit:CODE|year``: a re-run of the same check stays a duplicate) and
``audit_log.entity_id`` of unit entries (not of a ``unit_import``: a file name). Documents, tags, batches
and accounts refer to units by id and need nothing. Plain UPDATEs, no table rebuild (on SQLite a rebuild meets the foreign keys of every row).

Two units whose codes differ only by case (``dinkes`` and ``DINKES``) cannot both keep their code: the
revision stops before changing anything and names them, so the admin renames or merges one first.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 03:00:00
"""
from alembic import context, op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


class UnitCodeCollision(RuntimeError):
    """Two or more units have codes that differ only by case."""

    for_people = True  # storage.records.database.migrate shows it as one clear line, not a traceback


def unit_key(code):
    # a copy of storage/records/repository.unit_key at the time of writing (a migration never imports the app)
    return (code or '').strip().upper()


_units = sa.table('units', sa.column('id', sa.Integer), sa.column('code', sa.String))
_outbox = sa.table('outbox_messages', sa.column('id', sa.Integer), sa.column('unit_code', sa.String),
                   sa.column('dedupe_key', sa.String))
_audit = sa.table('audit_log', sa.column('id', sa.Integer), sa.column('action', sa.String),
                  sa.column('entity', sa.String), sa.column('entity_id', sa.String))
# the unit entries of the audit whose entity_id is a unit code (``unit_import`` names the imported file)
_UNIT_ACTIONS = ('unit_add', 'unit_create', 'unit_update', 'unit_remove', 'unit_restore')


def collisions(codes):
    """``{canonical: [codes…]}`` for each canonical code more than one unit would get."""
    seen = {}
    for code in codes:
        seen.setdefault(unit_key(code), []).append(code)
    return {key: sorted(found) for key, found in seen.items() if len(found) > 1}


def _dedupe_key(key):
    parts = (key or '').split('|')
    changed = False
    for i, part in enumerate(parts):
        if part.startswith('unit:') and part[5:] != unit_key(part[5:]):
            parts[i], changed = 'unit:' + unit_key(part[5:]), True
    return '|'.join(parts) if changed else None


def upgrade() -> None:
    bind = op.get_bind()
    units = bind.execute(sa.select(_units.c.id, _units.c.code)).all()
    clash = collisions([code for _id, code in units])
    if clash:
        listed = '; '.join(f"{' / '.join(codes)} -> {key}" for key, codes in sorted(clash.items()))
        raise UnitCodeCollision(
            f"Kode unit hanya berbeda huruf besar/kecil: {listed}. Kode unit kini tidak membedakan huruf besar dan "
            f"kecil, jadi unit-unit ini akan memakai kode yang sama. Tidak ada data yang diubah: ganti kode salah "
            f"satunya (atau gabungkan unitnya) di basis data, lalu ulangi pembaruan.")
    changed = 0
    for unit_id, code in units:
        if code != unit_key(code):
            bind.execute(_units.update().where(_units.c.id == unit_id).values(code=unit_key(code)))
            changed += 1
    if changed:  # the search index files documents under the old codes: the caller rebuilds it from the records
        context.config.attributes.setdefault('after_upgrade', set()).add('rebuild_search_index')
    for row_id, code, key in bind.execute(sa.select(_outbox.c.id, _outbox.c.unit_code, _outbox.c.dedupe_key)).all():
        values = {}
        if code is not None and code != unit_key(code):
            values['unit_code'] = unit_key(code)
        new_key = _dedupe_key(key)
        if new_key is not None:
            values['dedupe_key'] = new_key
        if values:
            bind.execute(_outbox.update().where(_outbox.c.id == row_id).values(**values))
    audit = bind.execute(sa.select(_audit.c.id, _audit.c.entity_id).where(
        _audit.c.entity == 'unit', _audit.c.action.in_(_UNIT_ACTIONS))).all()
    for row_id, code in audit:
        if code is not None and code != unit_key(code):
            bind.execute(_audit.update().where(_audit.c.id == row_id).values(entity_id=unit_key(code)))


def downgrade() -> None:
    pass  # the original case of each code is not kept; upper-case codes work with the older code as well
