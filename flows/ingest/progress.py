"""Progress hooks: the CLI (or web app) registers a reporter; flows and plain functions call these."""

from __future__ import annotations

from typing import Any

_reporter: Any = None


def set_reporter(reporter: Any) -> None:
    """Register an object with optional ``staged(path)``, ``stage_done(report)``, ``processed(outcome)``,
    ``ocr_start(doc_ids)`` and ``ocr_processed(outcome)``."""
    global _reporter
    _reporter = reporter


def _call(name: str, *args) -> None:
    fn = getattr(_reporter, name, None)
    if fn is not None:
        fn(*args)


def staged(path: str) -> None:
    _call("staged", path)


def stage_done(report) -> None:
    _call("stage_done", report)


def processed(outcome) -> None:
    _call("processed", outcome)


def ocr_start(doc_ids) -> None:
    _call("ocr_start", doc_ids)


def ocr_processed(outcome) -> None:
    _call("ocr_processed", outcome)
