"""The composition root: settings → records, object store, catalog and search index; imports `indexing`, `storage`
and `config` only.

Backends are chosen here, by configuration, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from config.i18n import _
from config.catalog import Catalog, load_catalog
from config.settings import DukungSettings, load_settings
from indexing.search import SearchIndex, open_search_index
from storage.objects import ObjectStore, open_object_store
from config.errors import NotInitialisedError
from storage.records import Records, migrate
from storage.records.database import REBUILD_SEARCH_INDEX, schema_head, stored_revision


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


def open_runtime(settings: DukungSettings | None = None, *, initialise: bool = True) -> Runtime:
    """Open every backend named by ``settings``.

    ``initialise=True`` (`dukung init`, `dukung demo`, tests) creates the data folder and migrates the
    records database to the latest schema under the migration lock. ``initialise=False`` (every other
    command, the web app, the flows) creates nothing and migrates nothing: a data folder that was
    never set up, or a database with an older schema, raises :class:`NotInitialisedError`.
    """
    settings = settings or load_settings()
    follow_ups: set[str] = set()
    if initialise:
        settings.home.mkdir(parents=True, exist_ok=True)
        follow_ups = migrate(settings.records_url)
    else:
        require_initialised(settings)
    records = Records(settings.records_url)
    rt = Runtime(
        settings=settings,
        records=records,
        objects=open_object_store(settings.objects_url, settings.storage),
        catalog=load_catalog(settings.catalog_path),
        search=open_search_index(settings.search.backend, path=settings.search_path, settings=settings.search),
    )
    if REBUILD_SEARCH_INDEX in follow_ups:  # the upgrade changed what the index files documents under
        from flows.ingest.indexer import reindex

        reindex(rt)
    return rt


def require_initialised(settings: DukungSettings) -> None:
    """Refuse, in one clear line, a data folder that `dukung init` never set up or that needs migrating."""
    revision = stored_revision(settings.records_url)
    if revision is None:
        if settings.records.url:
            raise NotInitialisedError(_(
                "Folder data belum disiapkan: %(path)s (basis data %(database)s belum berisi data Dukung). Jalankan "
                "`dukung init` sekali, atau arahkan DUKUNG_HOME ke folder data yang sudah ada.",
                path=settings.home.resolve(), database=describe_records(settings)))
        raise NotInitialisedError(_("Folder data belum disiapkan: %(path)s. Jalankan `dukung init` sekali, atau "
                                    "arahkan DUKUNG_HOME ke folder data yang sudah ada.", path=settings.home.resolve()))
    if revision != schema_head():
        raise NotInitialisedError(
            _("Basis data memakai skema versi %(revision)s, versi ini butuh %(head)s: cadangkan dulu "
              "(`dukung backup`), lalu jalankan `dukung init` untuk migrasi.", revision=revision,
              head=schema_head())
        )


def describe_records(settings: DukungSettings) -> str:
    """The records database for a person: the SQLite file, or the server URL without its password."""
    from sqlalchemy.engine import make_url

    url = make_url(settings.records_url)
    if url.drivername.startswith("sqlite"):
        return url.database or "sqlite"
    return url.render_as_string(hide_password=True)


def data_header(settings: DukungSettings) -> str:
    """One line naming where a command reads its data from."""
    line = f"Data: {settings.home.resolve()}"
    if settings.records.url:
        line += " · " + _("basis data %(records)s", records=describe_records(settings))
    if settings.storage.url:
        line += " · " + _("objek %(url)s", url=settings.storage.url)
    return line
