"""Reading a list of units from a CSV or XLSX file: a header row naming the columns ``kode``, ``nama``,
``kontak`` (any case and order, extra columns ignored), then one unit per row.

CSV: UTF-8 (with or without BOM) or Windows-1252, separated by commas or semicolons (Excel in Indonesian
saves with semicolons). XLSX: the first sheet, read with openpyxl after the same ZIP-bomb check as the
evidence parsers. Bad files raise :class:`InvalidInputError` with a reason a ZI team can act on.
"""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from pathlib import Path

from config.i18n import _
from config.errors import InvalidInputError
from indexing.extract.base import ParseContext
from indexing.extract.guards import check_ooxml

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
COLUMNS = ("kode", "nama", "kontak")
_ALIASES = {"kode unit": "kode", "kode_unit": "kode", "code": "kode", "nama unit": "nama", "nama_unit": "nama",
            "name": "nama", "e-mail": "kontak", "email": "kontak", "e-mail kontak": "kontak", "kontak e-mail": "kontak"}


def _header(cells: list) -> dict[str, int]:
    names = [_ALIASES.get(str(c or "").strip().lower(), str(c or "").strip().lower()) for c in cells]
    where = {name: i for i, name in reversed(list(enumerate(names))) if name in COLUMNS}
    missing = [c for c in ("kode", "nama") if c not in where]
    if missing:
        raise InvalidInputError(_("Baris pertama harus berisi judul kolom kode, nama dan kontak; tidak ditemukan: "
                                  "%(missing)s", missing=", ".join(missing)))
    return where


def _records(rows) -> list[tuple[int, dict]]:
    rows = iter(rows)
    where = None
    out: list[tuple[int, dict]] = []
    for line, cells in enumerate(rows, start=1):
        cells = list(cells)
        if where is None:
            if not any(str(c or "").strip() for c in cells):
                continue  # blank lines before the header
            where = _header(cells)
            continue
        if not any(str(c or "").strip() for c in cells):
            continue
        if len(out) >= MAX_ROWS:
            raise InvalidInputError(_("Terlalu banyak baris (maksimum %(n)s unit per berkas)", n=MAX_ROWS))
        out.append((line, {k: ("" if i >= len(cells) or cells[i] is None else str(cells[i]).strip())
                           for k, i in where.items()}))
    if where is None:
        raise InvalidInputError(_("Berkas kosong: tidak ada baris judul kode, nama, kontak"))
    return out


def _csv_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _read_csv(data: bytes) -> list[tuple[int, dict]]:
    text = _csv_text(data)
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return _records(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise InvalidInputError(_("Berkas CSV tidak dapat dibaca: %(exc)s", exc=exc)) from exc


def _read_xlsx(data: bytes) -> list[tuple[int, dict]]:
    from openpyxl import load_workbook

    with tempfile.TemporaryDirectory(prefix="dukung-units-") as tmp:
        path = Path(tmp) / "units.xlsx"
        path.write_bytes(data)
        refused = check_ooxml(path, ParseContext())
        if refused:
            raise InvalidInputError(refused)
        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise InvalidInputError(_("Berkas XLSX rusak atau bukan XLSX: simpan ulang dari Excel lalu coba "
                                      "lagi")) from exc
        try:
            return _records(book.worksheets[0].iter_rows(values_only=True))
        finally:
            book.close()


def read_unit_sheet(filename: str, data: bytes) -> list[tuple[int, dict]]:
    """``(line, {"kode", "nama", "kontak"})`` for each unit row of a CSV or XLSX file."""
    if not data:
        raise InvalidInputError(_("Berkas kosong: pilih berkas CSV atau XLSX"))
    if len(data) > MAX_BYTES:
        raise InvalidInputError(_("Berkas terlalu besar (maksimum %(mb)s MB)", mb=MAX_BYTES // (1024 * 1024)))
    name = (filename or "").lower()
    if data[:4] == b"PK\x03\x04" or name.endswith(".xlsx"):
        return _read_xlsx(data)
    if name.endswith((".xls", ".ods")):
        raise InvalidInputError(_("Format ini tidak didukung: simpan sebagai XLSX atau CSV lalu unggah lagi"))
    return _read_csv(data)
