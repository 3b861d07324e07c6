"""Object store on any S3 server (MinIO, AWS S3, VersityGW, SeaweedFS, …) through the official ``minio`` client.

URL: ``s3://bucket`` or ``s3://bucket/prefix``; the endpoint and credentials come from
:class:`config.settings.StorageSettings` (``http://`` endpoint = plain HTTP, ``https://`` = TLS).

* ``put`` streams the data (unknown length, 16 MiB multipart parts; the client aborts a failed
  multipart upload so a failed put leaves nothing) and computes the SHA-256 of what was sent. When
  ``metadata`` carries ``sha256`` the digest must match; otherwise the object is deleted again and
  :class:`ChecksumMismatchError` is raised. A single S3 PUT or multipart completion is atomic.
* Metadata is stored as user metadata (``x-amz-meta-*``); ``stat`` returns it with lowercased keys.
  Non-ASCII values travel RFC 2047 encoded (``=?utf-8?b?…?=``) and are decoded on ``stat``.
* Missing objects/buckets raise ``FileNotFoundError``; an unreachable server raises
  :class:`ObjectStoreUnavailableError` (an ``OSError``) naming the endpoint.
"""

from __future__ import annotations

import base64
import io
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlparse

import certifi
import urllib3
from minio import Minio
from minio.error import InvalidResponseError, S3Error, ServerError
from urllib3.exceptions import HTTPError as Urllib3HTTPError

from config.i18n import _
from config.errors import ConfigurationError, DukungError, InvalidInputError
from storage.objects.base import HashingReader, ObjectInfo, safe_key

PART_SIZE = 16 * 1024 * 1024
AWS_ENDPOINT = "https://s3.amazonaws.com"
_NOT_FOUND = {"NoSuchKey", "NoSuchBucket", "NoSuchObject", "NotFound", "ResourceNotFound", "NoSuchVersion"}
_DENIED = {"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken"}
_META_PREFIX = "x-amz-meta-"
_META_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_RFC2047 = re.compile(r"^=\?utf-8\?b\?([A-Za-z0-9+/=]*)\?=$", re.IGNORECASE)


class ObjectStoreUnavailableError(DukungError, OSError):
    """The S3 server cannot be reached (connection refused, DNS, timeout, TLS)."""

    http_status = 503


class ObjectStoreAccessDeniedError(DukungError, PermissionError):
    """The S3 server refused the credentials or the request."""

    http_status = 502


class ChecksumMismatchError(InvalidInputError, ValueError):
    """The bytes received differ from the SHA-256 announced in the metadata."""


def _encode_meta_value(value: str) -> str:
    value = str(value)
    if value.isascii() and value.isprintable() and not _RFC2047.match(value):
        return value
    return "=?utf-8?b?" + base64.b64encode(value.encode("utf-8")).decode("ascii") + "?="


def _decode_meta_value(value: str) -> str:
    match = _RFC2047.match(value)
    if not match:
        return value
    try:
        return base64.b64decode(match.group(1)).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return value


class _ResponseReader(io.RawIOBase):
    """A streamed object body: wraps the urllib3 response and releases the connection on close."""

    def __init__(self, response, endpoint: str, key: str):
        self._response = response
        self._endpoint = endpoint
        self._key = key

    def readable(self) -> bool:
        return True

    def _read(self, size: int | None) -> bytes:
        try:
            return self._response.read(size)
        except Urllib3HTTPError as exc:
            raise ObjectStoreUnavailableError(
                f"Unduhan objek {self._key!r} dari penyimpanan S3 {self._endpoint} terputus: {exc}") from exc

    def readinto(self, b) -> int:
        data = self._read(len(b))
        n = len(data)
        b[:n] = data
        return n

    def readall(self) -> bytes:
        return self._read(None)

    def close(self) -> None:
        if not self.closed:
            try:
                self._response.close()
                self._response.release_conn()
            finally:
                super().close()


class S3ObjectStore:
    """Objects in one S3 bucket, optionally under a key prefix."""

    def __init__(self, bucket: str, prefix: str = "", *, endpoint: str = "", access_key: str = "",
                 secret_key: str = "", region: str = "", presign_expiry_s: int = 900,
                 create_bucket: bool = True):
        endpoint = (endpoint or AWS_ENDPOINT).rstrip("/")
        parsed = urlparse(endpoint if "://" in endpoint else "https://" + endpoint)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or parsed.path not in ("", "/"):
            raise ConfigurationError(
                _("Endpoint S3 tidak valid: %(endpoint)s (contoh: http://127.0.0.1:9000 atau https://s3.amazonaws.com)",
                  endpoint=repr(endpoint)))
        if not bucket:
            raise ConfigurationError(_("URL penyimpanan S3 harus menyebut bucket, mis. s3://dukung"))
        self.endpoint = f"{parsed.scheme}://{parsed.netloc}"
        self.bucket = bucket
        self.prefix = safe_key(prefix) + "/" if prefix.strip("/") else ""
        self.presign_expiry_s = presign_expiry_s
        self.url = f"s3://{bucket}/{self.prefix}".rstrip("/")
        http_client = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=5.0, read=120.0),
            maxsize=10,
            cert_reqs="CERT_REQUIRED",
            ca_certs=os.environ.get("SSL_CERT_FILE") or certifi.where(),
            retries=urllib3.Retry(total=2, backoff_factor=0.2, status_forcelist=[500, 502, 503, 504]),
        )
        self.client = Minio(parsed.netloc, access_key=access_key or None, secret_key=secret_key or None,
                            secure=parsed.scheme == "https", region=region or None, http_client=http_client)
        if create_bucket:
            self._ensure_bucket(region)

    @classmethod
    def from_url(cls, url: str, settings=None) -> S3ObjectStore:
        """Open ``s3://bucket[/prefix]`` with the endpoint and credentials of ``settings`` (StorageSettings)."""
        from config.settings import StorageSettings

        parsed = urlparse(url)
        if parsed.scheme != "s3":
            raise ConfigurationError(_("Bukan URL S3: %(url)s (harus s3://bucket atau s3://bucket/prefix)",
                                       url=repr(url)))
        settings = settings or StorageSettings()
        return cls(parsed.netloc, parsed.path.strip("/"), endpoint=settings.endpoint,
                   access_key=settings.access_key, secret_key=settings.secret_key.get_secret_value(),
                   region=settings.region, presign_expiry_s=settings.presign_expiry_s)

    # -- helpers ---------------------------------------------------------------------------------

    def _name(self, key: str) -> str:
        return self.prefix + safe_key(key)

    @contextmanager
    def _errors(self, key: str | None = None):
        """Translate client errors: missing → FileNotFoundError, network → ObjectStoreUnavailableError."""
        what = f"objek {key!r}" if key is not None else f"bucket {self.bucket!r}"
        try:
            yield
        except S3Error as exc:
            if exc.code in _NOT_FOUND:
                raise FileNotFoundError(key if key is not None else self.bucket) from None
            if exc.code in _DENIED:
                raise ObjectStoreAccessDeniedError(
                    f"Penyimpanan S3 {self.endpoint} menolak akses ke {what} ({exc.code}); "
                    f"periksa access key, secret key dan izin bucket") from exc
            raise ObjectStoreUnavailableError(
                f"Penyimpanan S3 {self.endpoint} gagal memproses {what}: {exc.code} {exc.message}") from exc
        except (ServerError, InvalidResponseError) as exc:
            raise ObjectStoreUnavailableError(
                f"Penyimpanan S3 {self.endpoint} memberi jawaban galat untuk {what}: {exc}") from exc
        except Urllib3HTTPError as exc:
            raise ObjectStoreUnavailableError(
                f"Penyimpanan S3 {self.endpoint} tidak dapat dihubungi: {type(exc).__name__}: {exc}") from exc

    def _ensure_bucket(self, region: str) -> None:
        with self._errors():
            if self.client.bucket_exists(self.bucket):
                return
            try:
                self.client.make_bucket(self.bucket, location=region or None)
            except S3Error as exc:
                if exc.code not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                    raise

    # -- the ObjectStore protocol ------------------------------------------------------------------

    def put(self, key: str, stream: BinaryIO, *, metadata: dict[str, str] | None = None) -> ObjectInfo:
        name = self._name(key)
        headers: dict[str, str] = {}
        for meta_key, value in (metadata or {}).items():
            k = str(meta_key).lower()
            if k.startswith(_META_PREFIX):
                k = k[len(_META_PREFIX):]
            if not _META_KEY.match(k):
                raise InvalidInputError(_("Nama metadata objek tidak valid: %(meta_key)s (huruf, angka, '-' atau '_')",
                                          meta_key=repr(meta_key)))
            headers[_META_PREFIX + k] = _encode_meta_value(value)
        expected = (metadata or {}).get("sha256")
        reader = HashingReader(stream)
        with self._errors(key):
            self.client.put_object(self.bucket, name, reader, length=-1, part_size=PART_SIZE,
                                   metadata=headers or None, num_parallel_uploads=2)
        digest = reader.digest.hexdigest()
        if expected is not None and digest != str(expected).strip().lower():
            self.delete(key)
            raise ChecksumMismatchError(
                f"Isi objek {safe_key(key)!r} tidak cocok dengan SHA-256 yang disebut "
                f"(diharapkan {expected}, diterima {digest}, {reader.size} byte); objek tidak disimpan")
        return self.stat(key)

    def open(self, key: str) -> BinaryIO:
        name = self._name(key)
        with self._errors(key):
            response = self.client.get_object(self.bucket, name)
        return io.BufferedReader(_ResponseReader(response, self.endpoint, safe_key(key)), 1024 * 1024)

    def stat(self, key: str) -> ObjectInfo:
        name = self._name(key)
        with self._errors(key):
            obj = self.client.stat_object(self.bucket, name)
        metadata = {}
        for header, value in (obj.metadata or {}).items():
            h = header.lower()
            if h.startswith(_META_PREFIX):
                metadata[h[len(_META_PREFIX):]] = _decode_meta_value(value)
        return ObjectInfo(key=safe_key(key), size=int(obj.size or 0), modified=obj.last_modified,
                          etag=(obj.etag or "").strip('"') or None, metadata=metadata)

    def exists(self, key: str) -> bool:
        try:
            self.stat(key)
        except FileNotFoundError:
            return False
        return True

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        """Objects under ``prefix`` (a plain string prefix, recursive), in key order.

        The listing is collected and sorted: S3 servers list in UTF-8 byte order, but gateways
        over a filesystem may walk directories ('a/b' before 'a-b'); sorting keeps the contract.
        """
        if prefix and (prefix.startswith("/") or ".." in prefix.split("/") or any(ord(c) < 32 for c in prefix)):
            raise InvalidInputError(_("Awalan kunci objek tidak valid: %(prefix)s", prefix=repr(prefix)))
        full = self.prefix + prefix
        items = []
        with self._errors():
            for obj in self.client.list_objects(self.bucket, prefix=full, recursive=True):
                if obj.is_dir or not obj.object_name or obj.object_name.endswith("/"):
                    continue
                items.append(ObjectInfo(key=obj.object_name[len(self.prefix):], size=int(obj.size or 0),
                                        modified=obj.last_modified,
                                        etag=(obj.etag or "").strip('"') or None))
        items.sort(key=lambda o: o.key)
        yield from items

    def delete(self, key: str) -> None:
        name = self._name(key)
        try:
            with self._errors(key):
                self.client.remove_object(self.bucket, name)
        except FileNotFoundError:
            pass

    def local_path(self, key: str) -> Path | None:
        safe_key(key)
        return None

    # -- S3 extras ---------------------------------------------------------------------------------

    def presign_get(self, key: str, expiry_s: int | None = None) -> str:
        """A presigned GET URL for ``key``, valid ``expiry_s`` seconds (default: settings' presign_expiry_s).

        A missing object raises ``FileNotFoundError`` (one HEAD request before signing).
        """
        seconds = int(expiry_s if expiry_s is not None else self.presign_expiry_s)
        if not 1 <= seconds <= 7 * 24 * 3600:
            raise InvalidInputError(_("Masa berlaku tautan unduhan harus 1 detik sampai 7 hari, bukan %(seconds)s detik",
                                      seconds=seconds))
        self.stat(key)  # a link to a missing object is an error now, not a 404 later
        with self._errors(key):
            return self.client.presigned_get_object(self.bucket, self._name(key), expires=timedelta(seconds=seconds))
