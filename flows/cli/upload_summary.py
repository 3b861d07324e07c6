"""What went wrong in an upload (or a retry), said so a person knows it was not a success.

A file the object store refused is not recorded; a document a server outage left without a result
or outside the index is processed or indexed by ``dukung reconcile`` once the server is back. Each
kind of problem is one Indonesian sentence; no problem means the command succeeded.
"""

from __future__ import annotations


def upload_problems(result: dict) -> list[str]:
    """The sentences for the problems in an ingest/retry result (``IngestReport.as_dict()``)."""
    lines = []
    errors = result.get("errors") or []
    if errors:
        files = (result.get("new", 0) + result.get("new_versions", 0) + result.get("unchanged", 0) + len(errors))
        lines.append(f"{len(errors)} dari {files} berkas gagal disimpan dan tidak tercatat (lihat daftar di atas); "
                     "unggah ulang folder yang sama setelah masalahnya teratasi — berkas yang sudah tersimpan dilewati.")
    deferred = result.get("deferred") or []
    if deferred:
        lines.append(f"{len(deferred)} dokumen tersimpan tetapi belum diproses karena layanan tidak tersedia; "
                     "dokumen itu diproses otomatis oleh rekonsiliasi setelah layanan pulih.")
    unindexed = result.get("unindexed") or []
    if unindexed:
        lines.append(f"{len(unindexed)} dokumen tersimpan dan diproses tetapi belum masuk indeks pencarian "
                     "(indeks tidak tersedia); dokumen itu diindeks otomatis oleh rekonsiliasi.")
    return lines
