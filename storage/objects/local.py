"""Object store on a local folder (the embedded default)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from storage.objects.base import CHUNK, ObjectInfo, safe_key

_META_SUFFIX = ".meta.json"


class LocalObjectStore:
    """Objects as files under ``root``; metadata in a sidecar JSON file."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)
        self._tmp = self.root / ".tmp"
        self._tmp.mkdir(exist_ok=True)
        self.url = self.root.as_uri()

    def _path(self, key: str) -> Path:
        return self.root / safe_key(key)

    def put(self, key: str, stream: BinaryIO, *, metadata: dict[str, str] | None = None) -> ObjectInfo:
        target = self._path(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=self._tmp)
        try:
            with os.fdopen(fd, "wb") as out:
                shutil.copyfileobj(stream, out, CHUNK)
                out.flush()
                os.fsync(out.fileno())
            if metadata:
                meta_tmp = tmp_name + _META_SUFFIX
                Path(meta_tmp).write_text(json.dumps(metadata, sort_keys=True), encoding="utf-8")
                os.replace(meta_tmp, str(target) + _META_SUFFIX)
            os.replace(tmp_name, target)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        return self.stat(key)

    def open(self, key: str) -> BinaryIO:
        path = self._path(key)
        if not path.is_file():
            raise FileNotFoundError(key)
        return open(path, "rb")

    def stat(self, key: str) -> ObjectInfo:
        path = self._path(key)
        try:
            st = path.stat()
        except FileNotFoundError:
            raise FileNotFoundError(key) from None
        if not path.is_file():
            raise FileNotFoundError(key)
        meta_path = Path(str(path) + _META_SUFFIX)
        metadata = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        return ObjectInfo(
            key=safe_key(key),
            size=st.st_size,
            modified=datetime.fromtimestamp(st.st_mtime, tz=timezone.utc),
            etag=f"{st.st_mtime_ns:x}-{st.st_size:x}",
            metadata=metadata,
        )

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def list(self, prefix: str = "") -> Iterator[ObjectInfo]:
        base = self.root
        keys = []
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if not (Path(dirpath) == base and d == ".tmp"))
            for name in filenames:
                if name.endswith(_META_SUFFIX):
                    continue
                key = Path(dirpath, name).relative_to(base).as_posix()
                if key.startswith(prefix):
                    keys.append(key)
        for key in sorted(keys):
            yield self.stat(key)

    def delete(self, key: str) -> None:
        path = self._path(key)
        path.unlink(missing_ok=True)
        Path(str(path) + _META_SUFFIX).unlink(missing_ok=True)

    def local_path(self, key: str) -> Path | None:
        path = self._path(key)
        return path if path.is_file() else None

    def presign_get(self, key: str, expiry_s: int | None = None) -> str:
        """A ``file://`` URL: a folder has no expiring links (the web app streams local files itself)."""
        path = self._path(key)
        if not path.is_file():
            raise FileNotFoundError(key)
        return path.as_uri()
