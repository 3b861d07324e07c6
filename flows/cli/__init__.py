"""The `dukung` command line: one module per command group, the root app in `app`; may import all of `flows`, `web`
(for `dukung web`) and the layers below; nothing but tests and the console script imports it."""

from flows.cli import language

language.choose()  # before the command modules: their --help texts are translated as they are imported

from flows.cli.app import app, main  # noqa: E402

__all__ = ["app", "main"]
