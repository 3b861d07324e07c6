"""The S3 object store on two independent real servers: MinIO and SeaweedFS.

Each test gets its own bucket (``dukung-test-<uuid8>``), removed afterwards. The servers come from
``python -m tests.services run`` (or from the DUKUNG_TEST_<SERVER>_* variables); without them the
tests skip with one line (and fail under CI=true).
"""

from __future__ import annotations

import hashlib
import io
import socket
import time
import urllib.error
import urllib.request
import uuid

import pytest

from config.settings import StorageSettings
from storage.objects import open_object_store
from storage.objects.s3 import ChecksumMismatchError, ObjectStoreUnavailableError, S3ObjectStore
from tests.object_store_contract import ObjectStoreContract
from tests.services.require import service_env

MiB = 1024 * 1024


def server_settings(server: str) -> StorageSettings:
    prefix = f"DUKUNG_TEST_{server.upper()}_"
    env = service_env(prefix + "ENDPOINT", prefix + "ACCESS_KEY", prefix + "SECRET_KEY")
    return StorageSettings(endpoint=env[prefix + "ENDPOINT"], access_key=env[prefix + "ACCESS_KEY"],
                           secret_key=env[prefix + "SECRET_KEY"])


def drop_bucket(settings: StorageSettings, bucket: str) -> None:
    """Remove every object (and unfinished upload) of ``bucket`` and the bucket itself."""
    store = S3ObjectStore(bucket, endpoint=settings.endpoint, access_key=settings.access_key,
                          secret_key=settings.secret_key.get_secret_value(), create_bucket=False)
    client = store.client
    if not client.bucket_exists(bucket):
        return
    for obj in client.list_objects(bucket, recursive=True):
        client.remove_object(bucket, obj.object_name)
    client.remove_bucket(bucket)


class _Unsized(io.RawIOBase):
    """A non-seekable stream of ``size`` pseudo-random bytes (length unknown to the client)."""

    def __init__(self, size: int, seed: bytes = b"dukung"):
        self.remaining = size
        self.block = hashlib.sha256(seed).digest() * (MiB // 32)  # 1 MiB pattern
        self.offset = 0

    def readable(self):
        return True

    def readinto(self, b):
        n = min(len(b), self.remaining, MiB - self.offset)
        b[:n] = self.block[self.offset:self.offset + n]
        self.offset = (self.offset + n) % MiB
        self.remaining -= n
        return n


def _sha256_of(stream, chunk: int = MiB) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while data := stream.read(chunk):
        digest.update(data)
        size += len(data)
    return digest.hexdigest(), size


class S3Extras:
    """S3-only behaviour, run on every server."""

    server = ""

    @pytest.fixture
    def settings(self):
        return server_settings(self.server)

    @pytest.fixture
    def bucket(self, settings):
        name = f"dukung-test-{uuid.uuid4().hex[:8]}"
        yield name
        drop_bucket(settings, name)

    @pytest.fixture
    def store(self, settings, bucket):
        return open_object_store(f"s3://{bucket}", settings)

    def test_presigned_get_downloads_within_expiry_and_is_refused_after(self, store):
        data = "Laporan pengaduan masyarakat — semester I".encode() * 100
        store.put("inbox/laporan.pdf", io.BytesIO(data))
        with urllib.request.urlopen(store.presign_get("inbox/laporan.pdf"), timeout=10) as resp:  # noqa: S310
            assert resp.read() == data
        short = store.presign_get("inbox/laporan.pdf", expiry_s=1)
        time.sleep(2.5)
        with pytest.raises(urllib.error.HTTPError) as exc:
            urllib.request.urlopen(short, timeout=10)  # noqa: S310
        assert exc.value.code == 403

    def test_sha256_mismatch_is_rejected_and_leaves_no_object(self, store):
        with pytest.raises(ChecksumMismatchError, match="SHA-256") as exc:
            store.put("blobs/ab/cd/abcd", io.BytesIO(b"not what was announced"), metadata={"sha256": "ab" * 32})
        assert isinstance(exc.value, ValueError)
        assert not store.exists("blobs/ab/cd/abcd")
        assert list(store.list("blobs/")) == []

    def test_20_mib_stream_uploads_as_multipart_and_reads_back_identical(self, store, monkeypatch):
        parts = []
        upload_part = store.client._upload_part
        monkeypatch.setattr(store.client, "_upload_part", lambda *a: parts.append(len(a[2])) or upload_part(*a))
        expected, size = _sha256_of(_Unsized(20 * MiB))
        info = store.put("big/scan.pdf", _Unsized(20 * MiB), metadata={"sha256": expected})
        assert info.size == size == 20 * MiB
        assert sorted(parts) == [4 * MiB, 16 * MiB]  # unknown length: 16 MiB parts
        assert info.etag and "-" in info.etag, info.etag  # a multipart ETag (MinIO: "-2"; SeaweedFS counts its chunks)
        with store.open("big/scan.pdf") as fh:
            assert _sha256_of(fh) == (expected, size)
        assert store.stat("big/scan.pdf").metadata["sha256"] == expected

    def test_bucket_is_created_if_missing(self, settings, bucket):
        probe = S3ObjectStore(bucket, endpoint=settings.endpoint, access_key=settings.access_key,
                              secret_key=settings.secret_key.get_secret_value(), create_bucket=False)
        assert not probe.client.bucket_exists(bucket)
        store = S3ObjectStore.from_url(f"s3://{bucket}", settings)
        assert probe.client.bucket_exists(bucket)
        store.put("x", io.BytesIO(b"1"))
        assert S3ObjectStore.from_url(f"s3://{bucket}", settings).exists("x")  # an existing bucket is fine

    def test_url_prefix_scopes_keys(self, settings, bucket):
        scoped = open_object_store(f"s3://{bucket}/tenant/a", settings)
        assert scoped.url == f"s3://{bucket}/tenant/a"
        scoped.put("inbox/1.pdf", io.BytesIO(b"1"))
        whole = open_object_store(f"s3://{bucket}", settings)
        whole.put("inbox/2.pdf", io.BytesIO(b"2"))
        assert [o.key for o in scoped.list("")] == ["inbox/1.pdf"]
        assert whole.exists("tenant/a/inbox/1.pdf") and not scoped.exists("inbox/2.pdf")

    def test_metadata_is_user_metadata_lowercased_and_unicode_safe(self, store):
        store.put("m", io.BytesIO(b"m"), metadata={"Uploaded-By": "Siti Nurhaliza", "judul": "Laporan — Triwulan Ⅰ"})
        meta = store.stat("m").metadata
        assert meta["uploaded-by"] == "Siti Nurhaliza"
        assert meta["judul"] == "Laporan — Triwulan Ⅰ"

    def test_list_is_in_key_order_across_separators(self, store):
        for key in ["a/b", "a-b", "a/a", "a0"]:
            store.put(key, io.BytesIO(key.encode()))
        listed = list(store.list("a"))
        assert [o.key for o in listed] == ["a-b", "a/a", "a/b", "a0"]
        assert all(o.size == 3 or o.size == 2 for o in listed) and all(o.modified for o in listed)

    def test_open_streams_and_releases_on_close(self, store):
        store.put("s", io.BytesIO(b"abc" * 1000))
        for _ in range(30):  # more than the connection pool; leaks would block
            fh = store.open("s")
            assert fh.read(3) == b"abc"
            fh.close()
        assert store.local_path("s") is None

    def test_missing_bucket_is_file_not_found(self, settings, bucket):
        store = S3ObjectStore(bucket, endpoint=settings.endpoint, access_key=settings.access_key,
                              secret_key=settings.secret_key.get_secret_value(), create_bucket=False)
        with pytest.raises(FileNotFoundError):
            store.open("k")
        with pytest.raises(FileNotFoundError):
            store.stat("k")

    def test_pipeline_ingest_on_s3(self, settings, bucket, dukung_env, evidence_folder, monkeypatch):
        self._ingest_and_check(settings, bucket, evidence_folder, monkeypatch)

    @staticmethod
    def _ingest_and_check(settings, bucket, evidence_folder, monkeypatch):
        from config.settings import get_settings
        from flows.ingest.pipeline import ingest
        from flows.runtime import open_runtime
        from indexing.search import SearchQuery
        from storage.records import repository as repo

        monkeypatch.setenv("DUKUNG_STORAGE__URL", f"s3://{bucket}/dukung")
        monkeypatch.setenv("DUKUNG_STORAGE__ENDPOINT", settings.endpoint)
        monkeypatch.setenv("DUKUNG_STORAGE__ACCESS_KEY", settings.access_key)
        monkeypatch.setenv("DUKUNG_STORAGE__SECRET_KEY", settings.secret_key.get_secret_value())
        get_settings.cache_clear()
        rt = open_runtime()
        try:
            assert isinstance(rt.objects, S3ObjectStore)
            with rt.records.session() as session:
                repo.add_unit(session, "DINKES-JBR", "Dinas Kesehatan Kabupaten Jember", [])
            report = ingest(rt, evidence_folder, unit_code="DINKES-JBR", year=2025)
            assert report.batches.processed == 5
            with rt.records.session() as session:
                docs = {d.relative_path: d for d in repo.list_documents(session, unit_codes=["DINKES-JBR"])}
                assert len(docs) == 5
                bucket_store = open_object_store(f"s3://{bucket}", settings)
                for path, doc in docs.items():
                    assert bucket_store.stat("dukung/" + doc.object_key).size == doc.size
                    if "RUSAK" in path:
                        assert doc.extraction.status == "failed"
                    else:
                        assert doc.extraction.status == "ok", (path, doc.extraction.reason)
                        assert bucket_store.exists("dukung/" + doc.extraction.text_key)
            hits = rt.search.search(SearchQuery(text="pengaduan")).hits
            assert "AREA V/iii. Pengaduan Masyarakat/5.iii.b LAPORAN PENGADUAN 2025.pdf" in {h.path for h in hits}
        finally:
            rt.close()
            get_settings.cache_clear()


class TestMinioObjectStore(ObjectStoreContract, S3Extras):
    server = "minio"


class TestSeaweedfsObjectStore(ObjectStoreContract, S3Extras):
    server = "seaweedfs"


# -- no server needed ----------------------------------------------------------------------------


def test_unreachable_endpoint_is_an_oserror_naming_the_endpoint():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, not listening: connections are refused
        settings = StorageSettings(endpoint=f"http://127.0.0.1:{port}", access_key="a", secret_key="b" * 8)
        started = time.monotonic()
        with pytest.raises(ObjectStoreUnavailableError, match=f"127.0.0.1:{port}") as exc:
            S3ObjectStore.from_url("s3://dukung", settings)
    assert isinstance(exc.value, OSError) and "tidak dapat dihubungi" in str(exc.value)
    assert time.monotonic() - started < 15


@pytest.mark.parametrize("url, bucket, prefix, secure", [
    ("s3://dukung", "dukung", "", False),
    ("s3://dukung/", "dukung", "", False),
    ("s3://dukung/a/b/", "dukung", "a/b/", False),
])
def test_from_url_parses_bucket_prefix_and_scheme(url, bucket, prefix, secure, monkeypatch):
    monkeypatch.setattr(S3ObjectStore, "_ensure_bucket", lambda self, region: None)
    store = S3ObjectStore.from_url(url, StorageSettings(endpoint="http://127.0.0.1:9"))
    assert (store.bucket, store.prefix, store.client._base_url.is_https) == (bucket, prefix, secure)
    aws = S3ObjectStore.from_url(url, StorageSettings())
    assert aws.endpoint == "https://s3.amazonaws.com" and aws.client._base_url.is_https


def test_bad_endpoint_is_a_configuration_error():
    from config.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="Endpoint S3 tidak valid"):
        S3ObjectStore.from_url("s3://dukung", StorageSettings(endpoint="ftp://example.org/x"))

