"""The `dukung` command line: one module per command group, the root app in `app`; may import all of `flows`, `web`
(for `dukung web`) and the layers below; nothing but tests and the console script imports it."""

from flows.cli.app import app, main

__all__ = ["app", "main"]
