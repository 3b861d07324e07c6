"""Object stores, chosen by URL in one place (:func:`open_object_store`)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from config.i18n import _
from config.errors import ConfigurationError
from storage.objects.base import (
    ObjectInfo,
    ObjectStore,
    blob_key,
    put_file_content_addressed,
    safe_key,
    sha256_file,
    text_key,
)

__all__ = [
    "ObjectInfo",
    "ObjectStore",
    "blob_key",
    "open_object_store",
    "put_file_content_addressed",
    "safe_key",
    "sha256_file",
    "text_key",
]


def open_object_store(url: str, settings=None) -> ObjectStore:
    """Open the object store named by ``url``: ``file:///path``, a bare path, or ``s3://bucket[/prefix]``.

    ``settings`` (a :class:`config.settings.StorageSettings`) carries the S3 endpoint and credentials.
    """
    parsed = urlparse(url)
    if parsed.scheme in ("", "file"):
        from storage.objects.local import LocalObjectStore

        path = Path(url2pathname(parsed.path)) if parsed.scheme == "file" else Path(url)
        return LocalObjectStore(path)
    if parsed.scheme == "s3":
        try:
            from storage.objects.s3 import S3ObjectStore
        except ImportError as exc:  # pragma: no cover - the minio client is a dependency
            raise ConfigurationError(_("Backend S3 butuh paket 'minio': pip install minio (%(exc)s)", exc=exc)) from exc

        return S3ObjectStore.from_url(url, settings)
    raise ConfigurationError(
        _("Skema penyimpanan objek tidak didukung: %(scheme)s (yang tersedia: file, s3)", scheme=repr(parsed.scheme))
    )
