"""Administration: backup and restore of an installation, the installed version."""

from flows.admin.backup import BackupError, create_backup, restore_backup
from flows.admin.version import dukung_version

__all__ = ["BackupError", "create_backup", "dukung_version", "restore_backup"]
