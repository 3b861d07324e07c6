"""The limited worker pools (flows/ingest/sandbox.py): a task that hangs, balloons or crashes is stopped and named;
the pool goes on with the next task."""

from __future__ import annotations

import os
import time

from flows.ingest.sandbox import Killed, run_limited


def _balloon(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def test_a_hanging_task_is_killed_at_its_time_limit():
    started = time.monotonic()
    results = dict(run_limited(time.sleep, [30, 0], pool_name="uji-waktu", workers=2, memory_mb=0,
                               timeout_of=lambda seconds: 1.5))
    assert time.monotonic() - started < 15
    killed = results[30]
    assert isinstance(killed, Killed) and killed.timed_out
    assert "melebihi batas waktu 1.5 detik" in killed.reason and "«Proses ulang»" in killed.reason and "dukung " not in killed.reason
    assert results[0] is None


def test_a_task_over_the_memory_limit_is_stopped_and_the_pool_goes_on():
    results = list(run_limited(_balloon, [2048, 16], pool_name="uji-memori", workers=1, memory_mb=512,
                               timeout_of=lambda _: 30))
    (_, big), (_, small) = results
    assert isinstance(big, Killed) and "melebihi batas memori 512 MB" in big.reason
    assert small == 16 * 1024 * 1024


def test_a_crashing_worker_marks_only_its_task():
    results = list(run_limited(_abort_or_echo, [True, False, False], pool_name="uji-crash",
                               workers=1, memory_mb=0, timeout_of=lambda _: 30))
    assert isinstance(results[0][1], Killed) and "SIGABRT" in results[0][1].reason
    assert [r for _, r in results[1:]] == ["selamat", "selamat"]


def _abort_or_echo(crash: bool) -> str:
    if crash:
        os.abort()
    return "selamat"


def test_threads_asking_at_once_share_one_pool():
    """Uploads processed in several threads at once get the same pool, never one each."""
    import threading

    from flows.ingest import sandbox

    barrier = threading.Barrier(8)
    got = []

    def ask() -> None:
        barrier.wait(30)
        got.append(sandbox.pool("shared-test", 1, 0))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    try:
        assert len(got) == 8 and len({id(p) for p in got}) == 1
    finally:
        for p in {id(p): p for p in got}.values():
            p.stop()
            p.join(timeout=10)
        sandbox._POOLS.pop(("shared-test", 1, 0), None)
