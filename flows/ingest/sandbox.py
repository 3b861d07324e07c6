"""Worker pools with limits: every parse runs in a worker process with a time and a memory limit.

A parser that hangs (an XLSX whose one far cell makes openpyxl walk a million empty rows) is
killed when its task runs past the time limit; one that balloons hits the address-space limit
(``RLIMIT_AS``) and gets a ``MemoryError`` or dies (PDFium aborts). Either way pebble replaces
the worker, only that task fails, and :func:`run_limited` says why in Indonesian — the rest of
the batch goes on. Workers come from a forkserver (safe beside Prefect's threads) that has the
parsers imported already, and each runs with ``OMP_THREAD_LIMIT=1`` (Tesseract: one thread per
process, one process per core).
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import resource
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, TypeVar

from pebble import ProcessExpired, ProcessPool

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

#: Modules every worker has imported before it forks off (the forkserver preloads them once).
PRELOAD = ["indexing.extract", "indexing.classify", "indexing.facts", "config.catalog", "flows.ingest.processing",
           "flows.ingest.worker_preload"]
#: A worker is replaced after this many tasks (memory a parser leaked goes back to the system; its
#: stemmer cache starts over).
TASKS_PER_WORKER = 500


@dataclass(frozen=True)
class Killed:
    """A task that did not return: the reason (Indonesian) and whether it ran out of time."""

    reason: str
    timed_out: bool = False
    broken: bool = False  # the pool itself failed (workers could not start)
    #: a server the task needs (the object store) was unreachable: the document is not at fault and
    #: keeps no result, so it is processed again once the server is back (``dukung reconcile``)
    transient: bool = False


def _limit_worker(memory_mb: int) -> None:
    os.environ["OMP_THREAD_LIMIT"] = "1"
    if memory_mb > 0:
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = memory_mb * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


_POOLS: dict[tuple[str, int, int], ProcessPool] = {}
_POOLS_LOCK = threading.Lock()


def pool(name: str, workers: int, memory_mb: int) -> ProcessPool:
    """The process-wide pool ``name`` (e.g. ``parse``, ``ocr``) with ``workers`` processes and the memory limit.

    Under a lock: uploads processed in several threads at once must share one pool, not each start its own."""
    key = (name, max(1, workers), memory_mb)
    with _POOLS_LOCK:
        found = _POOLS.get(key)
        if found is None or not found.active:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(PRELOAD)
            found = ProcessPool(max_workers=key[1], max_tasks=TASKS_PER_WORKER, initializer=_limit_worker,
                                initargs=(memory_mb,), context=ctx)
            _POOLS[key] = found
        return found


@atexit.register
def shutdown_pools() -> None:
    for p in list(_POOLS.values()):
        p.stop()
        p.join(timeout=10)
    _POOLS.clear()


def _signal_name(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return signal.Signals(-exitcode).name
        except ValueError:
            pass
    return f"kode keluar {exitcode}"


def timeout_reason(seconds: float) -> str:
    return (f"Pembacaan dihentikan: melebihi batas waktu {seconds:g} detik (berkas terlalu berat atau membuat "
            "pembaca macet); berkas disimpan, dapat diproses ulang dengan tombol «Proses ulang» di halaman dokumen")


def crash_reason(exitcode: int | None, memory_mb: int) -> str:
    return (f"Proses pembaca berhenti tiba-tiba ({_signal_name(exitcode)}), kemungkinan melebihi batas memori "
            f"{memory_mb} MB; berkas disimpan, dapat diproses ulang dengan tombol «Proses ulang» di halaman dokumen")


@dataclass
class Submitted:
    """Tasks handed to a pool: their items and futures, collected later by :func:`collect_limited`."""

    pool_name: str
    workers: int
    memory_mb: int
    timeout_of: Callable[[Any], float]
    tasks: list[tuple[Any, Any]]


def submit_limited(
    fn: Callable[[T], R],
    items: Sequence[T],
    *,
    pool_name: str,
    workers: int,
    memory_mb: int,
    timeout_of: Callable[[T], float],
) -> Submitted:
    """Queue ``fn(item)`` for each item on the pool and return at once (the workers start on them)."""
    tasks = []
    if items:
        executor = pool(pool_name, workers, memory_mb)
        tasks = [(item, executor.schedule(fn, args=(item,), timeout=timeout_of(item))) for item in items]
    return Submitted(pool_name, workers, memory_mb, timeout_of, tasks)


def collect_limited(submitted: Submitted) -> Iterator[tuple[Any, Any]]:
    """Wait for submitted tasks, yielding ``(item, result)`` in the items' order (see :func:`run_limited`)."""
    for item, future in submitted.tasks:
        result = _result(future, submitted.timeout_of(item), submitted.memory_mb)
        if isinstance(result, Killed) and result.broken:  # workers cannot start: a new pool next time
            _POOLS.pop((submitted.pool_name, max(1, submitted.workers), submitted.memory_mb), None)
        yield item, result


def run_limited(fn: Callable[[T], R], items: Sequence[T], **pool_options) -> Iterator[tuple[T, R | Killed]]:
    """Run ``fn(item)`` for each item on the pool, yielding ``(item, result)`` in the items' order.

    ``pool_options`` are those of :func:`submit_limited`. The result is a :class:`Killed` when the
    task ran out of time, its worker died, or it raised (the exception's text is in the reason;
    ``fn`` is expected to return outcomes, not raise).
    """
    yield from collect_limited(submit_limited(fn, items, **pool_options))


def _result(future: Any, seconds: float, memory_mb: int) -> Any:
    try:
        return future.result()
    except FutureTimeout:
        return Killed(timeout_reason(seconds), timed_out=True)
    except ProcessExpired as exc:
        log.warning("worker died: %s", exc)
        return Killed(crash_reason(exc.exitcode, memory_mb))
    except MemoryError:
        return Killed(f"Pembacaan dihentikan: melebihi batas memori {memory_mb} MB; berkas disimpan")
    except BrokenProcessPool as exc:
        log.error("worker pool broken: %s", exc)
        return Killed(f"Proses pembaca tidak dapat dimulai ({exc}); berkas disimpan, "
                      "dapat diproses ulang dengan tombol «Proses ulang» di halaman dokumen", broken=True)
    except Exception as exc:  # noqa: BLE001 - a bug in our code must not lose the batch
        from flows.ingest.outage import is_outage

        message = " ".join(str(exc).split())[:300]
        if is_outage(exc):
            log.warning("task met an outage: %s", message)
            return Killed(f"Layanan tidak tersedia: {type(exc).__name__}: {message}", transient=True)
        log.exception("task failed")
        return Killed(f"Pemrosesan gagal: {type(exc).__name__}: {message}".rstrip(": "))
