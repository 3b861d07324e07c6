"""The settings of each subsystem (storage, records, search, ingest, web, mail, catalog, classifier),
composed into :class:`config.settings.DukungSettings`; see docs/configuration.md."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic_settings import NoDecode

from config.i18n import _

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
    upload_stale_hours: float = Field(
        default=24, gt=0, description="A web upload that receives nothing for this many hours is closed: the "
        "files received are kept and processed, partly sent files are discarded, and the unit sees why."
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
    upload_max_mb: int = Field(
        default=1024, ge=1, description="Largest file the upload page accepts, in MB (larger ones are refused "
        "before they are sent)."
    )
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
                raise ValueError(_("bukan alamat atau jaringan IP: %(value)s", value=repr(item))) from exc
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
    reminder_days: Annotated[list[int], NoDecode] = Field(
        default_factory=lambda: [14, 7, 3, 1],
        description="Days before each deadline of the active period (end of isian, verifikasi, revisi; the "
        "proposal to the TPN) from which the gap e-mails and the digest carry a countdown line, comma-separated; "
        "the weekly e-mail shows a deadline from the largest of these days until it passes. Empty = no reminders.",
    )
    timezone: str = Field(default="Asia/Jakarta", description="Time zone of the schedule and of report dates.")
    public_url: str = Field(
        default="", description="Address of the web app (e.g. `https://dukung.example.go.id`) for the e-mails' "
        "buttons to a unit's page and the gaps page; without it the e-mails carry no links.")
    top_gaps: int = Field(default=10, ge=1, le=500, description="Gap questions listed in a unit's e-mail (the "
                          "heaviest first; the rest are in the attachment and on the page), and units in the digest.")

    @field_validator("reminder_days", mode="before")
    @classmethod
    def _split_days(cls, value):
        if isinstance(value, str):
            return [int(d) for d in value.replace(";", ",").split(",") if d.strip()]
        return value

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
