"""Work units as an administrator manages them from the web: list, create, edit, remove, restore, import.

Removing a unit archives it (``units.archived_at``): it leaves the listings, the completeness checks and
the e-mails, and takes no new uploads, while its documents, stored objects, review history and audit
entries stay untouched (retention) — an administrator can restore it. Codes are compared without regard
to case and new ones are stored in capitals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import func, select

from config.i18n import _
from config.errors import InvalidInputError, NotFoundError
from storage.records import repository as repo
from storage.records.models import Document, Unit, UserUnit

CODE = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,63}$")
EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
MAX_NAME = 255


def _now() -> datetime:
    return datetime.now(timezone.utc)


def clean_code(code: str) -> str:
    code = (code or "").strip().upper()
    if not code:
        raise InvalidInputError(_("Kode unit wajib diisi"))
    if not CODE.match(code):
        raise InvalidInputError(_("Kode unit tidak valid: %(code)s — pakai huruf, angka, titik, garis bawah atau "
                                  "tanda hubung, tanpa spasi, paling banyak 64 karakter", code=code[:70]))
    return code


def clean_contacts(text: str | list[str]) -> list[str]:
    """E-mail addresses separated by commas, semicolons, spaces or lines; each checked."""
    items = text if isinstance(text, list) else re.split(r"[,;\s]+", text or "")
    out: list[str] = []
    for item in (i.strip().lower() for i in items):
        if not item:
            continue
        if not EMAIL.match(item) or len(item) > 255:
            raise InvalidInputError(_("Alamat e-mail kontak tidak valid: %(item)s", item=item[:80]))
        if item not in out:
            out.append(item)
    return out


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInputError(_("Nama unit wajib diisi"))
    if len(name) > MAX_NAME:
        raise InvalidInputError(_("Nama unit terlalu panjang (maksimum %(n)s karakter)", n=MAX_NAME))
    return name


def find_unit(session, code: str) -> Unit | None:
    return session.scalar(select(Unit).where(func.upper(Unit.code) == (code or "").strip().upper()))


def _unit(session, code: str) -> Unit:
    unit = find_unit(session, code)
    if unit is None:
        raise NotFoundError(_("Unit tidak ditemukan"))
    return unit


def _view(u: Unit) -> dict:
    return {"code": u.code, "name": u.name, "contacts": list(u.contacts or []), "archived": u.archived_at is not None}


def list_units_admin(rt, *, include_archived: bool = True) -> list[dict]:
    with rt.records.session() as session:
        docs = dict(session.execute(select(Document.unit_id, func.count(Document.id))
                                    .where(Document.is_current.is_(True)).group_by(Document.unit_id)).all())
        members = dict(session.execute(select(UserUnit.unit_id, func.count(UserUnit.id))
                                       .group_by(UserUnit.unit_id)).all())
        return [{**_view(u), "documents": docs.get(u.id, 0), "members": members.get(u.id, 0)}
                for u in repo.list_units(session, include_archived=include_archived)]


def get_unit_admin(rt, code: str) -> dict:
    with rt.records.session() as session:
        return _view(_unit(session, code))


def create_unit(rt, code: str, name: str, contacts: str | list[str] = "", *, actor: str) -> str:
    code, name, emails = clean_code(code), _clean_name(name), clean_contacts(contacts)
    with rt.records.session() as session:
        existing = find_unit(session, code)
        if existing is not None:
            raise InvalidInputError(
                _("Kode unit %(code)s sudah dipakai oleh unit yang dihapus: pulihkan unit itu", code=existing.code)
                if existing.archived_at else _("Kode unit %(code)s sudah dipakai", code=existing.code))
        session.add(Unit(code=code, name=name, contacts=emails))
        repo.audit(session, actor, "unit_create", "unit", code, {"name": name, "contacts": emails})
    return code


def update_unit(rt, code: str, name: str, contacts: str | list[str] = "", *, actor: str) -> str:
    name, emails = _clean_name(name), clean_contacts(contacts)
    with rt.records.session() as session:
        unit = _unit(session, code)
        unit.name, unit.contacts = name, emails
        repo.audit(session, actor, "unit_update", "unit", unit.code, {"name": name, "contacts": emails})
        return unit.code


def set_archived(rt, code: str, archived: bool, *, actor: str) -> str:
    """Remove (archive) or restore a unit; its documents and history are kept either way."""
    with rt.records.session() as session:
        unit = _unit(session, code)
        unit.archived_at = _now() if archived else None
        kept = session.scalar(select(func.count(Document.id)).where(Document.unit_id == unit.id)) or 0
        repo.audit(session, actor, "unit_remove" if archived else "unit_restore", "unit", unit.code,
                   {"documents_kept": kept})
        return unit.code


@dataclass
class ImportRow:
    line: int
    code: str
    outcome: str  # dibuat | diperbarui | tidak berubah | ditolak
    reason: str = ""


@dataclass
class ImportReport:
    rows: list[ImportRow] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def summary(self) -> str:
        return _("%(made)s dibuat, %(updated)s diperbarui, %(same)s tidak berubah, %(refused)s ditolak",
                 made=self.count("dibuat"), updated=self.count("diperbarui"), same=self.count("tidak berubah"),
                 refused=self.count("ditolak"))


def import_units(rt, records: list[tuple[int, dict]], *, actor: str, source: str = "") -> ImportReport:
    """Create or update units from ``(line, {"kode", "nama", "kontak"})`` rows; each row's outcome is reported,
    a refused row changes nothing and does not stop the others."""
    report = ImportReport()
    seen: dict[str, int] = {}
    with rt.records.session() as session:
        for line, values in records:
            raw = str(values.get("kode") or "").strip()
            try:
                code = clean_code(raw)
                if code in seen:
                    raise InvalidInputError(_("kode %(code)s sudah ada di baris %(row)s", code=code, row=seen[code]))
                seen[code] = line
                name = _clean_name(str(values.get("nama") or ""))
                emails = clean_contacts(str(values.get("kontak") or ""))
            except InvalidInputError as exc:
                report.rows.append(ImportRow(line, raw[:64], "ditolak", str(exc)))
                continue
            unit = find_unit(session, code)
            if unit is not None and unit.archived_at is not None:
                report.rows.append(ImportRow(line, unit.code, "ditolak", "unit ini sudah dihapus: pulihkan dulu"))
                continue
            if unit is None:
                session.add(Unit(code=code, name=name, contacts=emails))
                report.rows.append(ImportRow(line, code, "dibuat"))
            elif unit.name == name and list(unit.contacts or []) == emails:
                report.rows.append(ImportRow(line, unit.code, "tidak berubah"))
            else:
                unit.name, unit.contacts = name, emails
                report.rows.append(ImportRow(line, unit.code, "diperbarui"))
        session.flush()
        repo.audit(session, actor, "unit_import", "unit", source[:64],
                   {"created": report.count("dibuat"), "updated": report.count("diperbarui"),
                    "refused": report.count("ditolak")})
    return report
