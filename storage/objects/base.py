"""The object-store interface: small enough for a folder and for S3/MinIO.

Verbs follow obstore/fsspec: ``put`` (atomic), ``open`` (streamed), ``stat``, ``list``
by prefix, ``delete`` (idempotent). A missing key raises the builtin ``FileNotFoundError``.
Keys are '/'-separated relative paths checked by :func:`safe_key`.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable

from config.i18n import _
from config.errors import InvalidInputError

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ObjectInfo:
    key: str
    size: int
    modified: datetime | None = None
    etag: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)


def safe_key(key: str) -> str:
    """Normalise an object key and reject traversal, absolute paths and control characters."""
    if not key or "\x00" in key or any(ord(c) < 32 for c in key):
        raise InvalidInputError(_("Kunci objek tidak valid: %(key)s", key=repr(key)))
    if key.startswith("/") or key.startswith("\\") or (len(key) > 1 and key[1] == ":"):
        raise InvalidInputError(_("Kunci objek tidak boleh berupa path absolut: %(key)s", key=repr(key)))
    parts = [p for p in key.replace("\\", "/").split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts) or not parts:
        raise InvalidInputError(_("Kunci objek tidak boleh memuat '..': %(key)s", key=repr(key)))
    return "/".join(parts)


def blob_key(sha256: str) -> str:
    """Content-addressed key of an uploaded file."""
    return f"blobs/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def text_key(sha256: str) -> str:
    """Key of the extracted text derived from a blob."""
    return f"derived/text/{sha256[:2]}/{sha256}.txt"


def sha256_file(path: Path) -> tuple[str, int]:
    """SHA-256 hex digest and size of a local file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


class HashingReader(io.RawIOBase):
    """Passes reads through while counting bytes and computing their SHA-256."""

    def __init__(self, stream: BinaryIO):
        self._stream = stream
        self.digest = hashlib.sha256()
        self.size = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        if data is None:  # a non-blocking raw stream with nothing ready; treat as no data yet
            data = b""
        data = bytes(data)
        self.digest.update(data)
        self.size += len(data)
        return data

    def readinto(self, b) -> int:
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)


@runtime_checkable
class ObjectStore(Protocol):
    """What every object-store backend implements."""

    url: str

    def put(self, key: str, stream: BinaryIO, *, metadata: dict[str, str] | None = None) -> ObjectInfo:
        """Store ``stream`` under ``key`` atomically (readers never see a partial object)."""

    def open(self, key: str) -> BinaryIO:
        """Open an object for streamed reading."""

    def stat(self, key: str) -> ObjectInfo:
        """Size and metadata of an object."""

    def exists(self, key: str) -> bool:
        """Whether an object exists."""

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        """Objects whose key starts with ``prefix``, in key order."""

    def delete(self, key: str) -> None:
        """Remove an object; removing a missing object is not an error."""

    def local_path(self, key: str) -> Path | None:
        """A local filesystem path of the object if the backend has one (fast path for parsers)."""

    def presign_get(self, key: str, expiry_s: int | None = None) -> str:
        """A URL that downloads the object (short-lived where the backend supports it)."""


def put_file_content_addressed(store: ObjectStore, path: Path, sha256: str | None = None) -> tuple[str, str, int, bool]:
    """Store a local file under its SHA-256 key unless already present.

    Returns ``(key, sha256, size, created)``; ``created`` is False when the same bytes
    were stored before (deduplication).
    """
    if sha256 is None:
        sha256, size = sha256_file(path)
    else:
        size = path.stat().st_size
    key = blob_key(sha256)
    if store.exists(key):
        return key, sha256, size, False
    with open(path, "rb") as fh:
        store.put(key, fh, metadata={"sha256": sha256})
    return key, sha256, size, True
