"""What went wrong in an upload (or a retry), said so a person knows it was not a success.

A file the object store refused is not recorded; a document a server outage left without a result
or outside the index is processed or indexed by ``dukung reconcile`` once the server is back. Each
kind of problem is one Indonesian sentence; no problem means the command succeeded.
"""

from __future__ import annotations
from config.i18n import _


def upload_problems(result: dict) -> list[str]:
    """The sentences for the problems in an ingest/retry result (``IngestReport.as_dict()``)."""
    lines = []
    errors = result.get("errors") or []
    if errors:
        files = (result.get("new", 0) + result.get("new_versions", 0) + result.get("unchanged", 0) + len(errors))
        lines.append(_("%(n_errors)s dari %(files)s berkas gagal disimpan dan tidak tercatat (lihat daftar di atas); "
                       "unggah ulang folder yang sama setelah masalahnya teratasi — berkas yang sudah tersimpan dilewati.",
                       n_errors=len(errors), files=files))
    deferred = result.get("deferred") or []
    if deferred:
        lines.append(_("%(n_deferred)s dokumen tersimpan tetapi belum diproses karena layanan tidak tersedia; "
                       "dokumen itu diproses otomatis oleh rekonsiliasi setelah layanan pulih.",
                       n_deferred=len(deferred)))
    unindexed = result.get("unindexed") or []
    if unindexed:
        lines.append(_("%(n_unindexed)s dokumen tersimpan dan diproses tetapi belum masuk indeks pencarian "
                       "(indeks tidak tersedia); dokumen itu diindeks otomatis oleh rekonsiliasi.",
                       n_unindexed=len(unindexed)))
    return lines
