"""The learned model of a process: loaded once per worker from the configured file, or the bundled one."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from indexing.classify.model import PACKAGED_MODEL, Model, ModelError
from indexing.classify.model_file import load_model

log = logging.getLogger(__name__)

#: "the process's default model" (``classify(model=DEFAULT)``); ``None`` means "rules only"
DEFAULT = object()

_MODELS: dict[str, Model | None] = {}
_LOCK = threading.Lock()


def model_path(configured: str | None = None) -> Path:
    """The model file: ``configured``, else the setting ``DUKUNG_CLASSIFIER__MODEL_PATH``, else the bundled one."""
    if configured is None:
        try:
            from config.settings import get_settings

            configured = get_settings().classifier.model_path
        except Exception:  # noqa: BLE001 - broken settings are reported elsewhere; classify with the bundled model
            configured = ""
    return Path(configured) if configured else PACKAGED_MODEL


def default_model(configured: str | None = None) -> Model | None:
    """The model at :func:`model_path`, loaded once per process; ``None`` (keyword rules) if unusable."""
    path = str(model_path(configured))
    model = _MODELS.get(path, DEFAULT)
    if model is not DEFAULT:
        return model
    with _LOCK:
        if path not in _MODELS:
            try:
                _MODELS[path] = load_model(path)
                if _MODELS[path] is None:
                    log.warning("no classifier model at %s: content is read with the catalog's keyword rules", path)
            except ModelError as exc:
                log.warning("%s; content is read with the catalog's keyword rules (run `dukung classifier train`)",
                            exc)
                _MODELS[path] = None
        return _MODELS[path]


def forget_models() -> None:
    """Drop the loaded models (after training a new one in this process)."""
    with _LOCK:
        _MODELS.clear()
