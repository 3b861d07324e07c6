"""Settings of Dukung, one class per subsystem, composed into :class:`DukungSettings`.

Every field is read from an environment variable named after its path, e.g.
``DUKUNG_STORAGE__URL`` or, for the flat aliases documented in ``docs/configuration.md``,
``DUKUNG_STORAGE_URL``, then from a ``.env`` file in the current folder (the environment wins;
``DUKUNG_ENV_FILE`` names another file, empty = none).  Unknown ``DUKUNG_*`` variables fail loudly.

The data folder (``DUKUNG_HOME``) defaults to the user's data directory, never the current folder:
``$XDG_DATA_HOME/dukung``, i.e. ``~/.local/share/dukung``.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from typing import Annotated

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, EnvSettingsSource, NoDecode, SettingsConfigDict

from config.errors import ConfigurationError

ENV_FILE_VARIABLE = "DUKUNG_ENV_FILE"


def default_home() -> Path:
    """The data folder when DUKUNG_HOME is not set: the user's data directory (XDG), whatever the current folder."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser() / "dukung"


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
        "(no Prefect server is started).",
    )
    prefect_idle_minutes: float = Field(
        default=30.0, ge=0, description="With `prefect` and no `PREFECT_API_URL`: the data folder's local Prefect "
        "server, started by the first command that needs it, stops after this many minutes without use "
        "(0 = never; `dukung prefect stop` stops it at once)."
    )
    parse_timeout_s: float = Field(
        default=60.0, gt=0, description="Seconds one document's parse may take before its worker is killed "
        "(status `failed` with the reason; the file is kept and can be retried)."
    )
    parse_memory_mb: int = Field(
        default=1024, ge=0, description="Address-space limit of each parser/OCR worker process in MB (0 = none); "
        "a parser that balloons past it is stopped and the document marked `failed`."
    )
    ocr: bool = Field(
        default=True, description="Read pages without a text layer and images with Tesseract OCR (when installed)."
    )
    ocr_languages: str = Field(default="ind+eng", description="Tesseract languages, joined with `+`.")
    ocr_workers: int = Field(default=0, ge=0, description="OCR processes (one Tesseract thread each). 0 = one per CPU core.")
    ocr_command: str = Field(default="tesseract", description="The Tesseract program (name on PATH or full path).")
    ocr_dpi: int = Field(default=300, ge=72, le=1200, description="Resolution PDF pages are rendered at for OCR.")
    ocr_page_timeout_s: float = Field(
        default=120.0, gt=0, description="Seconds Tesseract may spend on one page; a page over it is skipped and named."
    )
    ocr_max_pages: int = Field(default=100, ge=1, description="Pages OCR'd per document at most (the first ones).")
    stuck_after_minutes: float = Field(
        default=30, ge=0, description="Work not finished after this many minutes (a document without a result, an "
                                      "upload batch nobody finishes, an object nobody recorded) is taken by `dukung reconcile`."
    )
    reconcile_every_minutes: int = Field(
        default=15, ge=1, description="How often `dukung serve` runs the reconciliation flow."
    )


class WebSettings(BaseModel):
    """The web app and JSON API (`dukung web`)."""

    host: str = Field(default="127.0.0.1", description="Address `dukung web` listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port `dukung web` listens on.")
    api_token: SecretStr = Field(
        default=SecretStr(""),
        description="Bearer token for the JSON API and the bucket-notification webhook. Empty = API closed.",
    )
    secret_key: SecretStr = Field(
        default=SecretStr(""),
        description="Key that signs session cookies. Empty = a random key kept in `web-secret.key` under "
        "DUKUNG_HOME (set it when several web processes share the work).",
    )
    cookie_secure: bool = Field(
        default=True,
        description="Send the session cookie over HTTPS only (browsers also accept it on http://127.0.0.1 and "
        "localhost). Set false only for a trial on a plain-HTTP intranet address.",
    )
    session_hours: int = Field(default=8, ge=1, le=24 * 30, description="How long a sign-in lasts, in hours.")
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Addresses or networks of the reverse proxies in front of the app, comma-separated "
        "(e.g. `127.0.0.1,10.0.0.0/8`); only their `X-Forwarded-For` is believed. Empty = none.",
    )

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split_networks(cls, value):
        if isinstance(value, str):
            value = [a.strip() for a in value.split(",") if a.strip()]
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _check_networks(cls, value: list[str]) -> list[str]:
        import ipaddress

        for item in value:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError as exc:
                raise ValueError(f"bukan alamat atau jaringan IP: {item!r}") from exc
        return value


class MailSettings(BaseModel):
    """Gap e-mails of the completeness check (`dukung check --send`, the weekly schedule)."""

    transport: str = Field(
        default="outbox",
        description="`outbox` writes each message as an `.eml` file to `outbox_dir` (no mail server needed); "
        "`smtp` sends through the SMTP server below.",
    )
    outbox_dir: str = Field(default="", description="Folder of the `.eml` files. Empty = `outbox/` under DUKUNG_HOME.")
    host: str = Field(default="127.0.0.1", description="SMTP server.")
    port: int = Field(default=0, ge=0, le=65535, description="SMTP port. 0 = 465 for `ssl`, 587 for `starttls`, 25 for `none`.")
    security: str = Field(
        default="starttls", description="`starttls` (port 587), `ssl` (SMTPS, port 465) or `none` (plain, loopback only)."
    )
    username: str = Field(default="", description="SMTP user (empty = no authentication).")
    password: SecretStr = Field(default=SecretStr(""), description="SMTP password.")
    ca_file: str = Field(default="", description="CA bundle to verify the SMTP server's certificate (empty = system CAs).")
    timeout_s: float = Field(default=30.0, gt=0, description="SMTP connect/read timeout in seconds.")
    sender: str = Field(default="Dukung <dukung@localhost>", description="From address of the messages.")
    reviewers: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Reviewer addresses that get the digest of all units, comma-separated "
        "(e.g. `tpi@inspektorat.go.id,ketua@inspektorat.go.id`).",
    )
    all_clear: str = Field(
        default="send", description="Units with no open gap: `send` a short all-clear, or `skip` them."
    )
    schedule_cron: str = Field(
        default="0 7 * * 1", description="When the scheduled check e-mails the gaps (cron; default Monday 07:00)."
    )
    timezone: str = Field(default="Asia/Jakarta", description="Time zone of the schedule and of report dates.")
    public_url: str = Field(default="", description="Address of the web app, for links in the e-mails (optional).")

    @field_validator("reviewers", mode="before")
    @classmethod
    def _split_addresses(cls, value):
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                import json

                return json.loads(text)
            return [a.strip() for a in text.replace(";", ",").split(",") if a.strip()]
        return value

    @property
    def resolved_port(self) -> int:
        return self.port or {"ssl": 465, "starttls": 587}.get(self.security, 25)


class CatalogSettings(BaseModel):
    """The LKE indicator catalog."""

    path: str = Field(
        default="",
        description="Catalog YAML file. Empty = the bundled `config/catalogs/lke-zi-2021.yaml`.",
    )


class ClassifierSettings(BaseModel):
    """Mapping documents to LKE questions: the learned evidence classifier (indexing/classify/model.py)."""

    confirm_threshold: float | None = Field(
        default=None, ge=0.0, le=1.0,
        description="An automatic mapping below this confidence is a suggestion that a person confirms; it does "
                    "not count as evidence until then. Empty = the catalog's `completeness.min_confidence`.",
    )
    model_path: str = Field(
        default="",
        description="Model file (`.npz`) written by `dukung classifier train`. Empty = the bundled model.",
    )


class DukungSettings(BaseSettings):
    """All settings. Environment prefix `DUKUNG_`, nested with `__` (e.g. `DUKUNG_SEARCH__BACKEND`)."""

    model_config = SettingsConfigDict(
        env_prefix="DUKUNG_",
        env_nested_delimiter="__",
        extra="forbid",
    )

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings):
        # The environment first, then the DUKUNG_* lines of `.env` (compose's other lines are not ours).
        return init_settings, env_settings, _DotEnvFile(settings_cls, env_file()), file_secret_settings

    home: Path = Field(
        default_factory=default_home,
        description="Data folder for the embedded defaults (default `~/.local/share/dukung`, not the current folder).",
    )
    storage: StorageSettings = Field(default_factory=StorageSettings, description="Object store.")
    records: RecordsSettings = Field(default_factory=RecordsSettings, description="Records database.")
    search: SearchSettings = Field(default_factory=SearchSettings, description="Search index.")
    ingest: IngestSettings = Field(default_factory=IngestSettings, description="Upload processing.")
    catalog: CatalogSettings = Field(default_factory=CatalogSettings, description="Indicator catalog.")
    classifier: ClassifierSettings = Field(default_factory=ClassifierSettings, description="Evidence classifier.")
    web: WebSettings = Field(default_factory=WebSettings, description="Web app and JSON API.")
    mail: MailSettings = Field(default_factory=MailSettings, description="Gap e-mails.")

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
        if self.mail.transport not in {"outbox", "smtp"}:
            raise ValueError(f"DUKUNG_MAIL__TRANSPORT tidak dikenal: {self.mail.transport!r} (pilihan: outbox, smtp)")
        if self.mail.security not in {"starttls", "ssl", "none"}:
            raise ValueError(
                f"DUKUNG_MAIL__SECURITY tidak dikenal: {self.mail.security!r} (pilihan: starttls, ssl, none)"
            )
        try:
            from zoneinfo import ZoneInfo

            ZoneInfo(self.mail.timezone)
        except (KeyError, ValueError) as exc:
            raise ValueError(f"DUKUNG_MAIL__TIMEZONE tidak dikenal: {self.mail.timezone!r} (mis. Asia/Jakarta, "
                             f"Asia/Makassar, Asia/Jayapura)") from exc
        if len(self.mail.schedule_cron.split()) != 5:
            raise ValueError(f"DUKUNG_MAIL__SCHEDULE_CRON harus 5 bagian cron (menit jam tanggal bulan hari), "
                             f"mis. '0 7 * * 1'; didapat {self.mail.schedule_cron!r}")
        if self.mail.all_clear not in {"send", "skip"}:
            raise ValueError(f"DUKUNG_MAIL__ALL_CLEAR tidak dikenal: {self.mail.all_clear!r} (pilihan: send, skip)")
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
    def outbox_path(self) -> Path:
        return Path(self.mail.outbox_dir) if self.mail.outbox_dir else self.home.resolve() / "outbox"

    @property
    def worker_count(self) -> int:
        return self.ingest.workers or (os.cpu_count() or 1)

    @property
    def ocr_worker_count(self) -> int:
        return self.ingest.ocr_workers or (os.cpu_count() or 1)


class _DotEnvFile(EnvSettingsSource):
    """The DUKUNG_* variables of a `.env` file, read like environment variables (lower priority)."""

    def __init__(self, settings_cls, path: Path | None):
        self._path = path
        super().__init__(settings_cls)

    def _load_env_vars(self):
        values = _env_file_values(self._path)
        return {k.lower(): v for k, v in values.items() if v is not None and k.upper().startswith("DUKUNG_")}


_KNOWN_TOP = {"HOME", "STORAGE", "RECORDS", "SEARCH", "INGEST", "CATALOG", "CLASSIFIER", "WEB", "MAIL"}
#: Not settings of Dukung but read by its files: `prefect.yaml`'s pull step runs flow runs from DUKUNG_APP_DIR.
_READ_ELSEWHERE = {"DUKUNG_APP_DIR"}


def env_file() -> Path | None:
    """The `.env` file settings are read from: DUKUNG_ENV_FILE, else `.env` in the current folder."""
    name = os.environ.get(ENV_FILE_VARIABLE, ".env")
    return Path(name) if name else None


def _env_file_values(path: Path | None) -> dict[str, str | None]:
    if path is None or not path.is_file():
        return {}
    from dotenv import dotenv_values  # python-dotenv comes with pydantic-settings

    return dict(dotenv_values(path))


def _env_file_names(path: Path | None) -> list[str]:
    return list(_env_file_values(path))


def _check_unknown_env(path: Path | None = None) -> None:
    """Pydantic ignores unknown env vars; we want a typo in DUKUNG_* to fail loudly (environment or `.env`)."""
    unknown = []
    for name in [*os.environ, *_env_file_names(path)]:
        if name == ENV_FILE_VARIABLE or name in _READ_ELSEWHERE:
            continue
        if not name.startswith("DUKUNG_") or name.startswith("DUKUNG_TEST_"):
            continue  # DUKUNG_TEST_* point the test suite at its servers
        rest = name[len("DUKUNG_"):]
        top = rest.split("__", 1)[0]
        if top not in _KNOWN_TOP:
            unknown.append(name)
    if unknown:
        raise ConfigurationError(
            "Variabel lingkungan tidak dikenal: " + ", ".join(sorted(set(unknown))) + " (lihat docs/configuration.md)"
        )


def load_settings(**overrides) -> DukungSettings:
    """Read settings from the environment, then `.env` (and overrides), failing loudly on unknown variables."""
    path = env_file()
    _check_unknown_env(path)
    try:
        return DukungSettings(**overrides)
    except ValueError as exc:  # pydantic.ValidationError is a ValueError
        raise ConfigurationError(f"Pengaturan tidak valid: {exc}") from exc


@lru_cache(maxsize=1)
def get_settings() -> DukungSettings:
    """The process-wide settings (cached). Tests and the CLI may call :func:`load_settings` instead."""
    return load_settings()
