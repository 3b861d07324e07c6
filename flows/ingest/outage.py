"""Telling an outage (a server that went away) from a bug, and saying so in one Indonesian sentence.

A killed PostgreSQL, Elasticsearch or object store is an expected bad day: the command that met it
stops with one clear line and a non-zero exit instead of a traceback, and what was not finished stays
where ``dukung reconcile`` (also run on a schedule by ``dukung serve``) picks it up.
"""

from __future__ import annotations

from config.i18n import N_, _

AFTER = N_("Yang sudah tersimpan aman; yang belum selesai diproses otomatis oleh rekonsiliasi terjadwal "
         "(atau jalankan ulang perintah ini) setelah layanan pulih.")


def _is_database_outage(exc: BaseException) -> bool:
    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

    if isinstance(exc, (OperationalError, InterfaceError)):
        return True
    return isinstance(exc, DBAPIError) and bool(getattr(exc, "connection_invalidated", False))


def _is_search_outage(exc: BaseException) -> bool:
    try:
        from elastic_transport import ConnectionError as EsConnectionError
        from elastic_transport import ConnectionTimeout, SerializationError, TransportError
        from elasticsearch import ApiError
        from elasticsearch.helpers import BulkIndexError
    except ImportError:  # pragma: no cover - the client is a dependency
        return False
    if isinstance(exc, (EsConnectionError, ConnectionTimeout)):
        return True
    if isinstance(exc, BulkIndexError):  # shards unavailable while a restarted node recovers
        return any(str(i.get(next(iter(i)), {}).get("status", "")).startswith("5") for i in exc.errors)
    if isinstance(exc, ApiError):
        return exc.meta.status >= 500 or "cluster_block_exception" in str(exc) or \
            "no_shard_available" in str(exc)
    return isinstance(exc, TransportError) and not isinstance(exc, SerializationError)


def _is_store_outage(exc: BaseException) -> bool:
    from storage.objects.s3 import ObjectStoreUnavailableError

    return isinstance(exc, ObjectStoreUnavailableError)


def which_service(exc: BaseException) -> str | None:
    """``database``, ``search`` or ``objects`` when ``exc`` (or what caused it) is that server being
    unreachable; None for anything else (a bug, bad input)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if _is_database_outage(exc):
            return "database"
        if _is_search_outage(exc):
            return "search"
        if _is_store_outage(exc):
            return "objects"
        exc = exc.__cause__ or exc.__context__
    return None


SERVICE_LABELS = {"database": N_("Basis data catatan (PostgreSQL/SQLite)"),
                  "search": N_("Indeks pencarian (Elasticsearch)"), "objects": N_("Penyimpanan objek (MinIO/S3)")}


def outage_message(exc: BaseException) -> str | None:
    """One sentence for a person when ``exc`` is an outage, else None."""
    service = which_service(exc)
    if service is None:
        return None
    detail = " ".join(str(exc).split())[:200]
    return _("%(service)s tidak dapat dihubungi (%(detail)s).", service=_(SERVICE_LABELS[service]),
             detail=f"{type(exc).__name__}: {detail}") + " " + _(AFTER)


def is_outage(exc: BaseException) -> bool:
    return which_service(exc) is not None
