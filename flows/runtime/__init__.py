"""The composition root: settings → records, object store, catalog and search index; imports `indexing`, `storage`
and `config` only.

Backends are chosen here, by configuration, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from config.catalog import Catalog, load_catalog
from config.settings import DukungSettings, load_settings
from indexing.search import SearchIndex, open_search_index
from storage.objects import ObjectStore, open_object_store
from storage.records import Records


@dataclass
class Runtime:
    settings: DukungSettings
    records: Records
    objects: ObjectStore
    catalog: Catalog
    search: SearchIndex

    def close(self) -> None:
        self.search.close()
        self.records.dispose()

    def __enter__(self) -> "Runtime":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_runtime(settings: DukungSettings | None = None, *, migrate: bool = True) -> Runtime:
    """Open every backend named by ``settings``; migrate the records database to the latest schema."""
    settings = settings or load_settings()
    settings.home.mkdir(parents=True, exist_ok=True)
    records = Records(settings.records_url)
    if migrate:
        records.migrate()
    return Runtime(
        settings=settings,
        records=records,
        objects=open_object_store(settings.objects_url, settings.storage),
        catalog=load_catalog(settings.catalog_path),
        search=open_search_index(settings.search.backend, path=settings.search_path, settings=settings.search),
    )
