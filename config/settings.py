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


from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, EnvSettingsSource, SettingsConfigDict

from config.env_file import ENV_FILE_VARIABLE, env_file, env_file_values as _env_file_values
from config.errors import ConfigurationError
from config.i18n import _
from config.setting_sections import (  # noqa: F401 - re-exported: settings are imported from here
    CatalogSettings,
    ClassifierSettings,
    IngestSettings,
    MailSettings,
    RecordsSettings,
    SearchSettings,
    StorageSettings,
    WebSettings,
)



def default_home() -> Path:
    """The data folder when DUKUNG_HOME is not set: the user's data directory (XDG), whatever the current folder."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser() / "dukung"


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
    locale: str = Field(default="id", description="Language of the CLI and of e-mails whose recipient has none "
                                                  "(`id` Bahasa Indonesia, `en` English); the web follows the "
                                                  "browser's Accept-Language.")
    timezone: str = Field(default="Asia/Jakarta", description="Time zone of every time shown to people "
                                                              "(labelled: WIB, WITA, WIT).")
    debug: bool = Field(default=False, description="CLI: show the Python traceback of an error (same as --debug).")

    @model_validator(mode="after")
    def _check_choices(self) -> "DukungSettings":
        for variable, value, choices in (("DUKUNG_SEARCH__BACKEND", self.search.backend, ("fts5", "elasticsearch")),
                                         ("DUKUNG_INGEST__ORCHESTRATOR", self.ingest.orchestrator, ("prefect", "direct")),
                                         ("DUKUNG_MAIL__TRANSPORT", self.mail.transport, ("outbox", "smtp")),
                                         ("DUKUNG_MAIL__SECURITY", self.mail.security, ("starttls", "ssl", "none"))):
            _check_choice(variable, value, choices)
        try:
            from zoneinfo import ZoneInfo

            ZoneInfo(self.mail.timezone)
        except (KeyError, ValueError) as exc:
            raise ValueError(_("%(variable)s tidak dikenal: %(value)s (mis. Asia/Jakarta, Asia/Makassar, "
                               "Asia/Jayapura)", variable="DUKUNG_MAIL__TIMEZONE", value=repr(self.mail.timezone))) from exc
        _check_choice("DUKUNG_LOCALE", self.locale, ("id", "en"))
        try:
            ZoneInfo(self.timezone)
        except (KeyError, ValueError) as exc:
            raise ValueError(_("%(variable)s tidak dikenal: %(value)s (mis. Asia/Jakarta)", variable="DUKUNG_TIMEZONE",
                               value=repr(self.timezone))) from exc
        if len(self.mail.schedule_cron.split()) != 5:
            raise ValueError(_("%(variable)s harus 5 bagian cron (menit jam tanggal bulan hari), mis. '0 7 * * 1'; "
                               "didapat %(value)s", variable="DUKUNG_MAIL__SCHEDULE_CRON",
                               value=repr(self.mail.schedule_cron)))
        _check_choice("DUKUNG_MAIL__ALL_CLEAR", self.mail.all_clear, ("send", "skip"))
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
    def upload_staging_path(self) -> Path:
        """Where files still arriving by the resumable upload protocol are kept (survives a restart)."""
        return self.home.resolve() / "upload-staging"

    @property
    def worker_count(self) -> int:
        return self.ingest.workers or (os.cpu_count() or 1)

    @property
    def ocr_worker_count(self) -> int:
        return self.ingest.ocr_workers or (os.cpu_count() or 1)


def _check_choice(variable: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(_("%(variable)s tidak dikenal: %(value)s (pilihan: %(choices)s)", variable=variable,
                           value=repr(value), choices=", ".join(choices)))


class _DotEnvFile(EnvSettingsSource):
    """The DUKUNG_* variables of a `.env` file, read like environment variables (lower priority)."""

    def __init__(self, settings_cls, path: Path | None):
        self._path = path
        super().__init__(settings_cls)

    def _load_env_vars(self):
        values = _env_file_values(self._path)
        return {k.lower(): v for k, v in values.items() if v is not None and k.upper().startswith("DUKUNG_")}


_KNOWN_TOP = {name.upper() for name in DukungSettings.model_fields}  # HOME, STORAGE, …, LOCALE, TIMEZONE, DEBUG
#: Not settings of Dukung but read by its files: `prefect.yaml`'s pull step runs flow runs from DUKUNG_APP_DIR.
_READ_ELSEWHERE = {"DUKUNG_APP_DIR"}


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
        raise ConfigurationError(_("Variabel lingkungan tidak dikenal: %(names)s (lihat docs/configuration.md)",
                                   names=", ".join(sorted(set(unknown)))))


def load_settings(**overrides) -> DukungSettings:
    """Read settings from the environment, then `.env` (and overrides), failing loudly on unknown variables."""
    path = env_file()
    _check_unknown_env(path)
    try:
        return DukungSettings(**overrides)
    except ValueError as exc:  # pydantic.ValidationError is a ValueError
        raise ConfigurationError(_("Pengaturan tidak valid: %(errors)s", errors=exc)) from exc


@lru_cache(maxsize=1)
def get_settings() -> DukungSettings:
    """The process-wide settings (cached), which also set the process's language and time zone
    (:func:`config.i18n.configure`). Tests and the CLI may call :func:`load_settings` instead."""
    from config.i18n import configure

    settings = load_settings()
    configure(settings.locale, settings.timezone)
    return settings
