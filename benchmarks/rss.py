"""Peak resident memory of a process and of its whole tree, sampled from /proc (Linux, no psutil)."""

from __future__ import annotations

import os
import threading
from pathlib import Path


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            text = Path(f"/proc/{pid}/task/{task}/children").read_text()
            out.extend(int(c) for c in text.split())
    except OSError:
        pass
    return out


def tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        todo.extend(_children(p))
    return pids


class PeakRss:
    """Samples every ``interval`` seconds until stopped: peak of ``pid`` alone and of its tree (MB)."""

    def __init__(self, pid: int, interval: float = 0.05):
        self.pid, self.interval = pid, interval
        self.main_mb = self.tree_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            main = _rss_kb(self.pid)
            total = main + sum(_rss_kb(p) for p in tree(self.pid)[1:])
            self.main_mb = max(self.main_mb, main / 1024)
            self.tree_mb = max(self.tree_mb, total / 1024)
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
