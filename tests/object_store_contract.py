"""The object-store contract: every backend's test module subclasses this and supplies ``store``."""

from __future__ import annotations

import hashlib
import io

import pytest

from config.errors import InvalidInputError
from storage.objects import blob_key, put_file_content_addressed


class ObjectStoreContract:
    """Tests every ObjectStore backend must pass (fsspec-style abstract tests)."""

    def test_put_then_read_back_streamed(self, store):
        data = b"x" * (3 * 1024 * 1024 + 17)
        info = store.put("a/b/file.bin", io.BytesIO(data), metadata={"sha256": hashlib.sha256(data).hexdigest()})
        assert info.size == len(data)
        with store.open("a/b/file.bin") as fh:
            assert fh.read() == data
        assert store.stat("a/b/file.bin").metadata["sha256"] == hashlib.sha256(data).hexdigest()

    def test_put_replaces_atomically(self, store):
        store.put("k", io.BytesIO(b"one"))
        store.put("k", io.BytesIO(b"two"))
        with store.open("k") as fh:
            assert fh.read() == b"two"

    def test_failed_put_leaves_nothing(self, store):
        class Exploding(io.RawIOBase):
            def readable(self):
                return True

            def readinto(self, b):
                raise OSError("disk unplugged")

        with pytest.raises(OSError):
            store.put("half/written", Exploding())
        assert not store.exists("half/written")
        assert [o.key for o in store.list("half")] == []

    def test_missing_key_raises_file_not_found(self, store):
        with pytest.raises(FileNotFoundError):
            store.open("nope")
        with pytest.raises(FileNotFoundError):
            store.stat("nope")
        assert not store.exists("nope")

    def test_list_by_prefix_in_key_order(self, store):
        for key in ["inbox/u/2025/b.pdf", "inbox/u/2025/a.pdf", "inbox/v/x.pdf", "other/y"]:
            store.put(key, io.BytesIO(key.encode()))
        assert [o.key for o in store.list("inbox/u/")] == ["inbox/u/2025/a.pdf", "inbox/u/2025/b.pdf"]
        assert len(list(store.list(""))) == 4

    def test_delete_is_idempotent(self, store):
        store.put("gone", io.BytesIO(b"1"))
        store.delete("gone")
        store.delete("gone")
        assert not store.exists("gone")

    @pytest.mark.parametrize("key", ["../escape", "a/../../b", "/etc/passwd", "a\x00b", "", "bad\nname"])
    def test_unsafe_keys_are_rejected(self, store, key):
        with pytest.raises(InvalidInputError):
            store.put(key, io.BytesIO(b"x"))

    def test_content_addressed_put_stores_once(self, store, tmp_path):
        src = tmp_path / "sk.pdf"
        src.write_bytes(b"%PDF-1.4 same bytes")
        key1, sha, size, created1 = put_file_content_addressed(store, src)
        key2, _, _, created2 = put_file_content_addressed(store, src)
        assert key1 == key2 == blob_key(hashlib.sha256(b"%PDF-1.4 same bytes").hexdigest())
        assert created1 and not created2 and size == src.stat().st_size
        assert len(list(store.list("blobs/"))) == 1

    def test_presigned_url_downloads_the_object(self, store):
        import urllib.request

        store.put("docs/sk tim.pdf", io.BytesIO(b"%PDF-1.4 isi"))
        with urllib.request.urlopen(store.presign_get("docs/sk tim.pdf", 60)) as resp:  # noqa: S310
            assert resp.read() == b"%PDF-1.4 isi"
        with pytest.raises(FileNotFoundError):
            store.presign_get("docs/none.pdf", 60)
