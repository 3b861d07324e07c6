"""`dukung backup` and `dukung restore`: one .tar holding the records database, every object and the catalog.

The archive: ``records/…`` (a SQLite online backup or a ``pg_dump`` custom-format file), ``objects/<key>``
for every object read through the object-store interface (a folder or S3), ``catalog/<file>``, and
``manifest.json`` last (format, Dukung and schema versions, rows per table, every member's size and
SHA-256). The records are copied before the objects: objects are content-addressed and never change,
so every object a record names is in the archive even while uploads go on.

The search index is derived data: a restore rebuilds it from the restored records and objects.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import tarfile
import tempfile
from pathlib import Path

from config.i18n import _
from config.errors import DukungError, InvalidInputError
from config.settings import DukungSettings
from storage.objects.base import HashingReader, sha256_file

FORMAT = 1
MANIFEST = "manifest.json"
SKIPPED_PREFIXES = ("doctor/",)  # `dukung doctor`'s write probes
CHUNK = 1024 * 1024


class BackupError(DukungError):
    """An archive that is not a Dukung backup, is damaged, or cannot be restored here."""


def _sha256_file(path: Path) -> str:
    return sha256_file(path)[0]


def _member(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(dt.datetime.now().timestamp())
    info.mode = 0o600
    return info


def create_backup(rt, target: Path, *, overwrite: bool = False) -> dict:
    """Write the backup of ``rt``'s records, objects and catalog to ``target`` (a .tar), atomically."""
    from flows.admin.version import dukung_version
    from storage.records.database import stored_revision
    from storage.records.dump import dump_records, table_counts

    target = Path(target)
    if target.exists() and not overwrite:
        raise InvalidInputError(_("Berkas cadangan sudah ada: %(target)s (pakai --overwrite untuk menimpanya)",
                                  target=target))
    target.parent.mkdir(parents=True, exist_ok=True)
    settings = rt.settings
    partial = target.with_name(target.name + ".partial")
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".dukung-backup-") as work:
        dump = Path(work) / "records.dump"
        kind = dump_records(settings.records_url, dump)
        counts = table_counts(rt.records.engine)
        members = []
        with tarfile.open(partial, "w", format=tarfile.PAX_FORMAT) as tar:
            records_name = f"records/records.{'sqlite' if kind == 'sqlite' else 'pgdump'}"
            tar.add(dump, arcname=records_name)
            members.append({"name": records_name, "size": dump.stat().st_size, "sha256": _sha256_file(dump)})
            catalog_name = f"catalog/{settings.catalog_path.name}"
            tar.add(settings.catalog_path, arcname=catalog_name)
            catalog_sha = _sha256_file(settings.catalog_path)
            objects = object_bytes = 0
            for info in rt.objects.list(""):
                if info.key.startswith(SKIPPED_PREFIXES):
                    continue
                with rt.objects.open(info.key) as stream:
                    reader = HashingReader(stream)
                    tar.addfile(_member(f"objects/{info.key}", info.size), reader)
                members.append({"name": f"objects/{info.key}", "size": info.size,
                                "sha256": reader.digest.hexdigest()})
                objects += 1
                object_bytes += info.size
            manifest = {
                "format": FORMAT,
                "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "dukung_version": dukung_version(),
                "schema_revision": stored_revision(settings.records_url),
                "records": {"kind": kind, "file": records_name, "tables": counts},
                "objects": {"count": objects, "bytes": object_bytes, "source": settings.objects_url},
                "catalog": {"id": rt.catalog.id, "file": catalog_name, "sha256": catalog_sha},
                "search": {"backend": settings.search.backend, "restore": "dibangun ulang"},
                "members": members,
            }
            data = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
            tar.addfile(_member(MANIFEST, len(data)), io.BytesIO(data))
    os.replace(partial, target)
    return {"path": str(target), "size": target.stat().st_size, "documents": counts.get("documents", 0),
            "objects": objects, "object_bytes": object_bytes, "records": kind,
            "schema_revision": manifest["schema_revision"], "catalog": rt.catalog.id}


def read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(tar.extractfile(MANIFEST))
    except (KeyError, ValueError) as exc:
        raise BackupError(_("Berkas ini bukan cadangan Dukung (manifest.json tidak ada atau rusak)")) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(_("Format cadangan %(found)s tidak dikenal versi ini (format %(known)s)",
                            found=manifest.get("format"), known=FORMAT))
    return manifest


def _refuse_a_target_with_data(settings: DukungSettings) -> None:
    from sqlalchemy import func, select

    from storage.records import Records
    from storage.records.database import stored_revision
    from storage.records.models import Document, Unit

    if stored_revision(settings.records_url) is None:
        return
    records = Records(settings.records_url)
    try:
        with records.session() as session:
            units = session.scalar(select(func.count(Unit.id))) or 0
            documents = session.scalar(select(func.count(Document.id))) or 0
    finally:
        records.dispose()
    if units or documents:
        raise BackupError(_("Tujuan pemulihan sudah berisi data (%(units)s unit, %(documents)s dokumen): pulihkan ke "
                            "folder data baru (DUKUNG_HOME lain) atau basis data yang kosong", units=units,
                            documents=documents))


def restore_backup(settings: DukungSettings, source: Path) -> dict:
    """Restore the backup ``source`` into the (new or empty) installation named by ``settings``."""
    from flows.ingest.indexer import reindex
    from flows.runtime import open_runtime
    from storage.objects import open_object_store
    from storage.records.database import migrate
    from storage.records.dump import load_records, table_counts

    source = Path(source)
    if not source.is_file():
        raise InvalidInputError(_("Berkas cadangan tidak ditemukan: %(source)s", source=source))
    try:
        tar = tarfile.open(source, "r:")
    except tarfile.TarError as exc:
        raise BackupError(_("Berkas ini bukan cadangan Dukung (bukan arsip .tar): %(source)s", source=source)) from exc
    with tar:
        manifest = read_manifest(tar)
        expected = {m["name"]: m for m in manifest["members"]}
        _refuse_a_target_with_data(settings)
        settings.home.mkdir(parents=True, exist_ok=True)
        store = open_object_store(settings.objects_url, settings.storage)
        objects = 0
        for member in tar:
            if not member.name.startswith("objects/"):
                continue
            key = member.name[len("objects/"):]
            want = expected.get(member.name)
            if want is None:
                raise BackupError(_("Objek %(key)s ada di arsip tetapi tidak di manifest: arsip tidak utuh", key=key))
            reader = HashingReader(tar.extractfile(member))
            store.put(key, reader, metadata={"sha256": want["sha256"]})
            if reader.digest.hexdigest() != want["sha256"] or reader.size != want["size"]:
                store.delete(key)
                raise BackupError(_("Objek %(key)s di cadangan rusak (SHA-256 tidak cocok); pemulihan dihentikan",
                                    key=key))
            objects += 1
        if objects != manifest["objects"]["count"]:
            raise BackupError(_("Arsip berisi %(objects)s objek, manifest mencatat %(recorded)s", objects=objects,
                                recorded=manifest["objects"]["count"]))
        records = manifest["records"]
        with tempfile.TemporaryDirectory(dir=settings.home, prefix=".dukung-restore-") as work:
            dump = Path(work) / "records.dump"
            with open(dump, "wb") as fh, tar.extractfile(records["file"]) as stream:
                while chunk := stream.read(CHUNK):
                    fh.write(chunk)
            if _sha256_file(dump) != expected[records["file"]]["sha256"]:
                raise BackupError(_("Salinan basis data di cadangan rusak (SHA-256 tidak cocok)"))
            load_records(settings.records_url, dump, records["kind"])
    migrate(settings.records_url)  # a backup of an older version reaches this version's schema
    with open_runtime(settings, initialise=False) as rt:
        counts = table_counts(rt.records.engine)
        short = {t: (n, counts.get(t)) for t, n in records["tables"].items() if counts.get(t) != n}
        if short:
            raise BackupError(_("Jumlah baris setelah pemulihan tidak cocok dengan manifest: %(tables)s", tables=short))
        indexed = reindex(rt)
        catalog_same = _sha256_file(settings.catalog_path) == manifest["catalog"]["sha256"]
    return {"documents": records["tables"].get("documents", 0), "objects": objects, "indexed": indexed,
            "records": records["kind"], "schema_revision": manifest["schema_revision"],
            "dukung_version": manifest["dukung_version"], "catalog": manifest["catalog"]["id"],
            "catalog_same": catalog_same, "catalog_file": manifest["catalog"]["file"]}
