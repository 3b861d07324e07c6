"""Imported once in the parse workers' forkserver, so every forked worker starts warm.

Loading the catalog (YAML + validation, ~0.3 s) and building the Sastrawi dictionary in each
new worker would cost every worker start that much again; done here, the workers inherit both
(copy-on-write). A worker whose job names another catalog simply loads that one. Nothing here
may fail the forkserver: a catalog that does not load is reported by the jobs themselves.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def warm() -> None:
    try:
        from config.catalog import load_catalog
        from config.settings import get_settings

        load_catalog(get_settings().catalog_path)
    except Exception:  # noqa: BLE001 - the jobs report a broken catalog or settings themselves
        log.debug("catalog not preloaded", exc_info=True)
    try:
        from indexing.search.stemmer import _sastrawi

        _sastrawi()
    except Exception:  # noqa: BLE001
        log.debug("stemmer not preloaded", exc_info=True)


warm()
