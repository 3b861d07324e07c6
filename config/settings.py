"""Settings of Dukung, one class per subsystem, composed into :class:`DukungSettings`.

Every field is read from an environment variable named after its path, e.g.
``DUKUNG_STORAGE__URL`` or, for the flat aliases documented in ``docs/configuration.md``,
``DUKUNG_STORAGE_URL``.  Unknown ``DUKUNG_*`` variables fail loudly.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from config.errors import ConfigurationError

DEFAULT_HOME = Path(".dukung")


class StorageSettings(BaseModel):
    """Object store for uploaded evidence and derived text."""

    url: str = Field(
        default="",
        description="Object store URL. Empty = folder `objects/` under DUKUNG_HOME; `file:///path` for another "
        "folder; `s3://bucket` (optionally `s3://bucket/prefix`) for MinIO, AWS S3 or any S3 server.",
    )
    endpoint: str = Field(
        default="",
        description="S3 endpoint, e.g. `http://127.0.0.1:9000` for MinIO. Empty = AWS S3 (`https://s3.amazonaws.com`).",
    )
    access_key: str = Field(default="", description="S3 access key.")
    secret_key: SecretStr = Field(default=SecretStr(""), description="S3 secret key.")
    region: str = Field(default="", description="S3 region (empty = the server's default).")
    presign_expiry_s: int = Field(
        default=900, ge=1, le=7 * 24 * 3600, description="Lifetime of presigned download links, in seconds."
    )


class RecordsSettings(BaseModel):
    """The records database: the source of truth."""

    url: str = Field(
        default="",
        description="SQLAlchemy URL of the records database. Empty = SQLite file `records.sqlite` under DUKUNG_HOME.",
    )


class SearchSettings(BaseModel):
    """The full-text search index (derived data, rebuilt by `dukung reindex`)."""

    backend: str = Field(
        default="fts5", description="Search backend: `fts5` (embedded SQLite FTS5) or `elasticsearch` (Elasticsearch 8)."
    )
    path: str = Field(
        default="",
        description="FTS5 index file. Empty = `search.sqlite` under DUKUNG_HOME.",
    )
    url: str = Field(default="http://127.0.0.1:9200", description="Elasticsearch URL(s), comma-separated.")
    index_prefix: str = Field(
        default="dukung", description="Prefix of Elasticsearch index and alias names (tests use a unique one)."
    )
    username: str = Field(default="", description="Elasticsearch user (empty = no authentication).")
    password: SecretStr = Field(default=SecretStr(""), description="Elasticsearch password.")
    ca_certs: str = Field(default="", description="CA bundle for an Elasticsearch server with TLS.")


class IngestSettings(BaseModel):
    """How uploads are processed."""

    workers: int = Field(
        default=0, ge=0, description="Parser processes. 0 = one per CPU core."
    )
    batch_size: int = Field(
        default=32, ge=1, description="Documents per Prefect task (one task extracts, classifies and indexes a batch)."
    )
    max_file_mb: int = Field(default=200, ge=1, description="Files larger than this are stored but not parsed.")
    orchestrator: str = Field(
        default="prefect",
        description="`prefect` runs uploads as Prefect flows; `direct` calls the same functions without Prefect "
        "(no temporary Prefect server is started).",
    )


class WebSettings(BaseModel):
    """The web app and JSON API (`dukung web`)."""

    host: str = Field(default="127.0.0.1", description="Address `dukung web` listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `dukung web` listens on.")
    api_token: SecretStr = Field(
        default=SecretStr(""),
        description="Bearer token for the JSON API and the bucket-notification webhook. Empty = API closed.",
    )


class CatalogSettings(BaseModel):
    """The LKE indicator catalog."""

    path: str = Field(
        default="",
        description="Catalog YAML file. Empty = the bundled `config/catalogs/lke-zi-2021.yaml`.",
    )


class DukungSettings(BaseSettings):
    """All settings. Environment prefix `DUKUNG_`, nested with `__` (e.g. `DUKUNG_SEARCH__BACKEND`)."""

    model_config = SettingsConfigDict(
        env_prefix="DUKUNG_",
        env_nested_delimiter="__",
        extra="forbid",
    )

    home: Path = Field(default=DEFAULT_HOME, description="Data folder for the embedded defaults.")
    storage: StorageSettings = Field(default_factory=StorageSettings, description="Object store.")
    records: RecordsSettings = Field(default_factory=RecordsSettings, description="Records database.")
    search: SearchSettings = Field(default_factory=SearchSettings, description="Search index.")
    ingest: IngestSettings = Field(default_factory=IngestSettings, description="Upload processing.")
    catalog: CatalogSettings = Field(default_factory=CatalogSettings, description="Indicator catalog.")
    web: WebSettings = Field(default_factory=WebSettings, description="Web app and JSON API.")

    @model_validator(mode="after")
    def _check_choices(self) -> "DukungSettings":
        if self.search.backend not in {"fts5", "elasticsearch"}:
            raise ValueError(
                f"DUKUNG_SEARCH__BACKEND tidak dikenal: {self.search.backend!r} (pilihan: fts5, elasticsearch)"
            )
        if self.ingest.orchestrator not in {"prefect", "direct"}:
            raise ValueError(
                f"DUKUNG_INGEST__ORCHESTRATOR tidak dikenal: {self.ingest.orchestrator!r} (pilihan: prefect, direct)"
            )
        return self

    # Resolved locations of the embedded defaults ------------------------------------------
    @property
    def objects_url(self) -> str:
        return self.storage.url or (self.home.resolve() / "objects").as_uri()

    @property
    def records_url(self) -> str:
        return self.records.url or f"sqlite:///{(self.home.resolve() / 'records.sqlite')}"

    @property
    def search_path(self) -> Path:
        return Path(self.search.path) if self.search.path else self.home.resolve() / "search.sqlite"

    @property
    def catalog_path(self) -> Path:
        if self.catalog.path:
            return Path(self.catalog.path)
        return Path(__file__).parent / "catalogs" / "lke-zi-2021.yaml"

    @property
    def worker_count(self) -> int:
        return self.ingest.workers or (os.cpu_count() or 1)


_KNOWN_TOP = {"HOME", "STORAGE", "RECORDS", "SEARCH", "INGEST", "CATALOG", "WEB"}


def _check_unknown_env() -> None:
    """Pydantic ignores unknown env vars; we want a typo in DUKUNG_* to fail loudly."""
    unknown = []
    for name in os.environ:
        if not name.startswith("DUKUNG_") or name.startswith("DUKUNG_TEST_"):
            continue  # DUKUNG_TEST_* point the test suite at its servers
        rest = name[len("DUKUNG_"):]
        top = rest.split("__", 1)[0]
        if top not in _KNOWN_TOP:
            unknown.append(name)
    if unknown:
        raise ConfigurationError(
            "Variabel lingkungan tidak dikenal: " + ", ".join(sorted(unknown)) + " (lihat docs/configuration.md)"
        )


def load_settings(**overrides) -> DukungSettings:
    """Read settings from the environment (and overrides), failing loudly on unknown variables."""
    _check_unknown_env()
    try:
        return DukungSettings(**overrides)
    except ValueError as exc:  # pydantic.ValidationError is a ValueError
        raise ConfigurationError(f"Pengaturan tidak valid: {exc}") from exc


@lru_cache(maxsize=1)
def get_settings() -> DukungSettings:
    """The process-wide settings (cached). Tests and the CLI may call :func:`load_settings` instead."""
    return load_settings()
