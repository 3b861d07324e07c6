"""Staging: put uploaded files into the object store and record them (deduplicated, versioned)."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import tempfile
import unicodedata
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from config.i18n import _
from config.errors import InvalidInputError, without_paths
from indexing.extract import sniff_media_type
from storage.objects import put_file_content_addressed, sha256_file
from storage.records import repository as repo
from storage.records.repository import UploadedFile, UploadOutcome
from storage.records.unfinished import unprocessed_ids

log = logging.getLogger(__name__)

SKIPPED_NAMES = {"thumbs.db", "desktop.ini", ".ds_store"}
MAX_PATH_CHARS = 1000
MAX_SEGMENT_CHARS = 200
COMMIT_EVERY = 100


@dataclass
class StageReport:
    """What happened to each file of an upload."""

    unit: str
    year: int
    new: list[int] = field(default_factory=list)
    new_versions: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    #: unchanged documents that were never processed (an earlier run met an outage): processed now
    unprocessed: list[int] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (relative path, reason)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (relative path, why): links, pipes, devices
    stored_bytes: int = 0
    deduplicated: int = 0

    @property
    def to_process(self) -> list[int]:
        return self.new + self.new_versions + self.unprocessed

    @property
    def files(self) -> int:
        """Every file this upload looked at (stored, unchanged or failed)."""
        return len(self.new) + len(self.new_versions) + len(self.unchanged) + len(self.errors)

    def as_dict(self) -> dict:
        return {
            "unit": self.unit,
            "year": self.year,
            "new": len(self.new),
            "new_versions": len(self.new_versions),
            "unchanged": len(self.unchanged),
            "unprocessed": len(self.unprocessed),
            "errors": [{"path": p, "reason": r} for p, r in self.errors],
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "deduplicated_blobs": self.deduplicated,
        }


#: Bidirectional-text controls (marks, embeddings, overrides, isolates): invisible, they reorder what a
#: name shows. Taken out of stored names.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _shorten_segment(segment: str, limit: int = MAX_SEGMENT_CHARS) -> str:
    if len(segment) <= limit:
        return segment
    stem, dot, ext = segment.rpartition(".")
    tail = dot + ext[:8] if dot and stem else ""
    return segment[: limit - len(tail) - 1] + "…" + tail


def clean_relative_path(raw: str) -> str:
    """Normalise an uploaded relative path: NFC, '/' separators, no control characters, relative.

    An absolute path (``/etc/x``, ``C:\\x``) becomes relative, bidirectional-text controls are dropped,
    control characters become ``_``, a
    name over 200 characters is shortened (its extension kept), and so is a path over 1000. Only a
    ``..`` segment (path traversal) or an empty name is refused: :class:`InvalidInputError`.
    """
    text = unicodedata.normalize("NFC", raw).replace("\\", "/")
    text = _BIDI_CONTROLS.sub("", text)  # an RTL override makes "laporan\u202efdp.exe" read "laporanexe.pdf"
    text = "".join("_" if ord(c) < 32 or ord(c) == 127 else c for c in text)
    if len(text) >= 2 and text[1] == ":" and text[0].isalpha():  # a Windows drive letter
        text = text[0] + "_" + text[2:]
    parts = [p.strip() for p in text.split("/") if p.strip() not in ("", ".")]
    if any(p == ".." for p in parts):
        raise InvalidInputError(_("Path berkas tidak valid (memuat '..'): %(raw)s", raw=repr(raw)))
    if not parts:
        raise InvalidInputError(_("Path berkas tidak valid (tanpa nama): %(raw)s", raw=repr(raw)))
    cleaned = "/".join(_shorten_segment(p) for p in parts)
    if len(cleaned) > MAX_PATH_CHARS:
        stem, dot, ext = cleaned.rpartition(".")
        cleaned = cleaned[: MAX_PATH_CHARS - 10] + "…" + (dot + ext[:8] if dot else "")
    return cleaned


def is_system_file(name: str) -> bool:
    """Hidden, Office lock and system files (Thumbs.db, desktop.ini, .DS_Store): never evidence."""
    return name.startswith(".") or name.startswith("~$") or name.lower() in SKIPPED_NAMES


def distinct_path(cleaned: str, raw: str, claimed: dict[str, str]) -> str:
    """``cleaned``, or — when another name of this upload already cleaned to it — the same path with a short
    hash of ``raw`` before the extension: distinct files of one upload never become versions of each other.

    ``claimed`` maps each path taken in this upload to the raw name that took it (it is updated). Names
    coincide when written two ways in Unicode (NFC/NFD), when they differ only in control characters, or
    when they are shortened to the same 200 characters. The suffix depends on the raw name only, so the
    same upload again gets the same paths.
    """
    owner = claimed.setdefault(cleaned, raw)
    if owner == raw:
        return cleaned
    folder, slash, name = cleaned.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        stem, dot, ext = name, "", ""
    tag = " ~" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    room = MAX_SEGMENT_CHARS - len(tag) - len(dot + ext)
    candidate = folder + slash + stem[:room] + tag + dot + ext
    claimed.setdefault(candidate, raw)
    return candidate


SKIPPED_LINK = "tautan simbolik, dilewati"
SKIPPED_LINKED_FOLDER = "tautan simbolik ke folder, dilewati"
SKIPPED_SPECIAL = "bukan berkas biasa (pipa, soket atau perangkat), dilewati"


def iter_folder(folder: Path, skipped: list[tuple[str, str]] | None = None) -> Iterator[tuple[Path, str]]:
    """Files under ``folder`` in a stable order, with their relative paths; skips system/lock files.

    Symbolic links (to files or folders) and pipes, sockets and devices are not read: each is added to
    ``skipped`` as (relative path, why), for the upload's summary.
    """
    folder = folder.resolve()
    skipped = [] if skipped is None else skipped
    for dirpath, dirnames, filenames in os.walk(folder):
        for d in sorted(dirnames):
            if not d.startswith(".") and (Path(dirpath) / d).is_symlink():
                skipped.append(((Path(dirpath) / d).relative_to(folder).as_posix(), SKIPPED_LINKED_FOLDER))
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (Path(dirpath) / d).is_symlink())
        for name in sorted(filenames):
            if is_system_file(name):
                continue
            path = Path(dirpath) / name
            rel = path.relative_to(folder).as_posix()
            if path.is_symlink():
                skipped.append((rel, SKIPPED_LINK))
            elif not path.is_file():
                skipped.append((rel, SKIPPED_SPECIAL))
            else:
                yield path, rel


@dataclass
class _Stored:
    """One file of a group after its bytes are in the object store (or why that failed)."""

    path: Path
    relative_path: str
    key: str = ""
    sha256: str = ""
    size: int = 0
    created: bool = False
    error: Exception | None = None


def _hash(item: _Stored) -> _Stored:
    try:
        item.sha256, item.size = sha256_file(item.path)
    except OSError as exc:
        item.error = exc
    return item


def _store_group(rt, group: list[_Stored], threads: ThreadPoolExecutor) -> None:
    """Hash every file, then put each distinct content once — on threads (I/O: disk sync, network)."""
    list(threads.map(_hash, group))
    first: dict[str, _Stored] = {}
    for item in group:
        if item.error is None:
            first.setdefault(item.sha256, item)

    def put(item: _Stored) -> None:
        try:
            item.key, _sha, _size, item.created = put_file_content_addressed(rt.objects, item.path, item.sha256)
        except OSError as exc:
            item.error = exc

    list(threads.map(put, first.values()))
    for item in group:
        original = first.get(item.sha256)
        if item.error is None and original is not item:
            item.key, item.created, item.error = original.key, False, original.error


def _record_group(rt, session, unit, period, group: list[_Stored], *, uploaded_by: str, question: str | None,
                  report: StageReport, claimed: dict[str, str]) -> list[tuple[_Stored, object | None]]:
    """Record the stored files of a group; every file gets its outcome or its error in ``report``."""
    uploads, pending = [], []
    for item in group:
        if item.error is not None:
            continue
        if item.created:
            report.stored_bytes += item.size
        else:
            report.deduplicated += 1
        try:
            rel = distinct_path(clean_relative_path(item.relative_path), item.relative_path, claimed)
        except InvalidInputError as exc:
            repo.audit(session, uploaded_by, "upload_rejected", "object", item.key[-64:],
                       {"path": item.relative_path[:2000], "sha256": item.sha256, "size": item.size,
                        "object_key": item.key, "reason": str(exc)})
            item.error = InvalidInputError(_("%(problem)s; isi berkas tetap disimpan (%(key)s) dan dicatat di log audit",
                                             problem=exc, key=item.key))
            continue
        uploads.append(UploadedFile(relative_path=rel, file_name=rel.rsplit("/", 1)[-1], size=item.size,
                                    sha256=item.sha256, object_key=item.key,
                                    media_type=sniff_media_type(item.path, rel)))
        pending.append(item)
    results = repo.record_uploads(session, unit, period, uploads, uploaded_by=uploaded_by,
                                  explicit_question=question)
    docs: dict[int, object] = {}
    for item, upload, result in zip(pending, uploads, results):
        if isinstance(result, InvalidInputError):
            item.error = result
            continue
        doc, outcome = result
        docs[id(item)] = doc
        if outcome is UploadOutcome.UNCHANGED:
            report.unchanged.append(doc.id)
            continue
        (report.new if outcome is UploadOutcome.NEW else report.new_versions).append(doc.id)
        repo.audit(session, uploaded_by, "upload", "document", doc.id,
                   {"path": upload.relative_path, "sha256": item.sha256, "version": doc.version,
                    "outcome": outcome.value})
    out = []
    for item in group:
        if item.error is not None:
            log.warning("staging %s failed: %s", item.relative_path, item.error)
            report.errors.append((item.relative_path, without_paths(f"{type(item.error).__name__}: {item.error}")))
        out.append((item, docs.get(id(item))))
    return out


#: Threads that hash and store the files of a group (disk syncs and uploads wait, they do not compute).
STORE_THREADS = 4


def stage_files(
    rt,
    files: Iterator[tuple[Path, str]],
    *,
    unit_code: str,
    year: int,
    question: str | None = None,
    uploaded_by: str = "",
    progress: Callable[[str], None] | None = None,
    on_recorded: Callable[[object, str, object], None] | None = None,
    on_batch: Callable[[list[int]], None] | None = None,
    batch_size: int = COMMIT_EVERY,
    claimed: dict[str, str] | None = None,
) -> StageReport:
    """Store and record each (local path, relative path). One bad file never stops the others.

    Files go in groups of ``batch_size``: their bytes are hashed and stored on a few threads, then
    the group is recorded with one look-up and one flush, and committed. ``on_recorded(session,
    relative_path, document)`` is called after each file is recorded; ``on_batch(ids)`` gets each
    group's documents to process once committed (the ingest queues their parse jobs, so parsing
    starts before staging ends). ``claimed`` (cleaned path → raw name) carries the paths an upload sent
    in several calls has taken so far (see :func:`distinct_path`); it is updated.
    """
    if question:
        question = rt.catalog.question(question).code
    report = StageReport(unit=unit_code, year=year)
    claimed = {} if claimed is None else claimed
    size = max(1, batch_size if on_batch else min(batch_size, COMMIT_EVERY))
    with rt.records.session() as session, ThreadPoolExecutor(STORE_THREADS, "dukung-stage") as threads:
        unit = repo.require_active_unit(repo.get_unit(session, unit_code))
        period = repo.get_or_create_period(session, year)
        files = iter(files)
        while True:
            group = [_Stored(path, rel) for path, rel in islice(files, size)]
            if not group:
                break
            seen_new, seen_versions, seen_unchanged = len(report.new), len(report.new_versions), len(report.unchanged)
            _store_group(rt, group, threads)
            for item, doc in _record_group(rt, session, unit, period, group, uploaded_by=uploaded_by,
                                           question=question, report=report, claimed=claimed):
                if doc is not None and on_recorded:
                    on_recorded(session, item.relative_path, doc)
                if progress:
                    progress(item.relative_path)
            never = unprocessed_ids(session, ids=report.unchanged[seen_unchanged:])
            report.unprocessed.extend(never)
            session.commit()
            if on_batch:
                on_batch(report.new[seen_new:] + report.new_versions[seen_versions:] + never)
    return report


def stage_folder(rt, folder: Path, **kwargs) -> StageReport:
    """Stage every file of a local evidence folder."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InvalidInputError(_("Folder tidak ditemukan: %(folder)s", folder=folder))
    skipped: list[tuple[str, str]] = []
    report = stage_files(rt, iter_folder(folder, skipped), **kwargs)
    report.skipped.extend(skipped)
    return report


def stage_prefix(rt, prefix: str, **kwargs) -> StageReport:
    """Stage every object under ``prefix`` of the object store (e.g. files dropped into ``inbox/…``)."""
    prefix = prefix.rstrip("/") + "/"
    keep = 2 * max(COMMIT_EVERY, kwargs.get("batch_size") or COMMIT_EVERY)
    with tempfile.TemporaryDirectory(prefix="dukung-objects-") as tmp:
        files = ((path, key[len(prefix):]) for key, path in
                 iter_object_files(rt, (o.key for o in rt.objects.list(prefix)
                                        if not is_system_file(o.key.rsplit("/", 1)[-1])), Path(tmp), keep=keep))
        return stage_files(rt, files, **kwargs)


def iter_object_files(rt, keys, folder: Path, *, keep: int = 2 * COMMIT_EVERY) -> Iterator[tuple[str, Path]]:
    """(key, local path) for each object: the store's own file, or a download into ``folder``.

    ``stage_files`` takes its files in groups before it reads them, so a download stays until ``keep``
    later objects have been downloaded (more than a group) and the caller removes ``folder`` once it has
    staged them. (Each download used to vanish as soon as the next was asked for, or when the listing
    ended: from S3 only some files of each upload were staged.)"""
    recent: deque[Path] = deque()
    for n, key in enumerate(keys):
        local = rt.objects.local_path(key)
        if local is not None:
            yield key, local
            continue
        target = folder / f"object-{n}"
        with rt.objects.open(key) as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst, 1024 * 1024)
        recent.append(target)
        if len(recent) > keep:
            recent.popleft().unlink(missing_ok=True)
        yield key, target
