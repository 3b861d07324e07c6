"""Typer's and Click's own words (help panels, usage line, usage errors) in the reader's language.

Typer ≥ 0.25 carries its own copy of Click whose messages are plain English f-strings (no gettext
domain to bind), so the words are changed where they are shown: the panel titles and hints are
Typer's ``rich_utils`` constants, the usage prefix and the ``--help`` text are Click's defaults, and a
usage error's message is translated line by line from :data:`ERRORS` when Typer prints it. English
(``DUKUNG_LOCALE=en``) keeps Click's own words.
"""

from __future__ import annotations

import re

from config.i18n import current_locale

PANELS_ID = {
    "ARGUMENTS_PANEL_TITLE": "Argumen",
    "OPTIONS_PANEL_TITLE": "Opsi",
    "COMMANDS_PANEL_TITLE": "Perintah",
    "ERRORS_PANEL_TITLE": "Galat",
    "ABORTED_TEXT": "Dibatalkan.",
    "RICH_HELP": "Coba [blue]'{command_path} {help_option}'[/] untuk bantuan.",
    "DEFAULT_STRING": "[bawaan: {}]",
    "ENVVAR_STRING": "[variabel lingkungan: {}]",
    "REQUIRED_LONG_STRING": "[wajib]",
    "DEPRECATED_STRING": "(usang) ",
}
USAGE_ID = "Cara pakai: "
HELP_ID = "Tampilkan bantuan ini lalu keluar."

#: Click's and Typer's usage errors → Indonesian (applied in order, each to the whole message).
ERRORS: list[tuple[re.Pattern, str]] = [(re.compile(p), r) for p, r in [
    (r"Missing argument '([^']+)'\.", r"Argumen '\1' belum diisi."),
    (r"Missing option '([^']+)'\.", r"Opsi '\1' belum diisi."),
    (r"Missing parameter: (\S+)", r"Parameter \1 belum diisi"),
    (r"Missing command\.", "Perintah belum diberikan."),
    (r"No such option: (\S+)", r"Tidak ada opsi \1"),
    (r"No such command '([^']+)'", r"Tidak ada perintah '\1'"),
    (r"\. Did you mean (.+)\?", r". Mungkin maksud Anda \1?"),
    (r"Did you mean (.+)\?", r"Mungkin maksud Anda \1?"),
    (r"\(Possible options: (.+)\)", r"(Opsi yang ada: \1)"),
    (r"Invalid value for (.+?): ", r"Nilai tidak sah untuk \1: "),
    (r"Invalid value: ", "Nilai tidak sah: "),
    (r"Value (.+) is not a valid (integer|float|int)\.", r"\1 bukan bilangan yang sah."),
    (r"Value (.+) is not a valid (.+)\.", r"\1 bukan \2 yang sah."),
    (r"'([^']*)' is not a valid (integer|float)( range)?\.", r"'\1' bukan bilangan yang sah."),
    (r"(.+) is not one of (.+)\.", r"\1 bukan salah satu dari \2."),
    (r"Option '([^']+)' requires an argument\.", r"Opsi '\1' butuh nilai."),
    (r"Option '([^']+)' requires (\d+) arguments\.", r"Opsi '\1' butuh \2 nilai."),
    (r"Option '([^']+)' does not take a value\.", r"Opsi '\1' tidak menerima nilai."),
    (r"Got unexpected extra arguments? \((.+)\)", r"Ada argumen yang tidak dikenal (\1)"),
    (r"(File|Directory|Path) '(.+)' does not exist\.",
     lambda m: f"{ {'File': 'Berkas', 'Directory': 'Folder', 'Path': 'Path'}[m.group(1)]} '{m.group(2)}' tidak ada."),
    (r"'(.+)' is not in the range (.+)\.", r"'\1' di luar rentang \2."),
    (r"Input should be a valid integer.*", "harus berupa bilangan bulat (mis. 2025)."),
    (r"Input should be a valid number.*", "harus berupa angka."),
    (r"Input should be a valid boolean.*", "harus ya/tidak (true/false)."),
]]


def translate_error(message: str) -> str:
    """A Click/Typer usage error in the current locale (Indonesian; English is left as Click says it)."""
    if current_locale() == "en":
        return message
    for pattern, repl in ERRORS:
        message = pattern.sub(repl, message)
    return message


def install() -> None:
    """Put Typer's and Click's chrome in the current locale (idempotent; called before the app runs)."""
    from typer import rich_utils
    from typer._click import decorators, formatting

    if current_locale() == "en" or getattr(rich_utils, "_dukung_chrome", False):
        return
    for name, text in PANELS_ID.items():
        setattr(rich_utils, name, text)

    write_usage = formatting.HelpFormatter.write_usage

    def write_usage_id(self, prog, args="", prefix=None):
        args = args.replace("[OPTIONS]", "[OPSI]").replace("COMMAND [ARGS]...", "PERINTAH [ARGUMEN]...")
        return write_usage(self, prog, args, USAGE_ID if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage_id
    help_option = decorators.help_option

    def help_option_id(*param_decls):
        decorate = help_option(*param_decls)

        def apply(command):
            out = decorate(command)
            command.params[-1].help = HELP_ID
            return out
        return apply

    decorators.help_option = help_option_id
    format_error = rich_utils.rich_format_error

    def format_error_id(exc):
        original = exc.format_message
        exc.format_message = lambda: translate_error(original())
        return format_error(exc)

    rich_utils.rich_format_error = format_error_id
    rich_utils._dukung_chrome = True
