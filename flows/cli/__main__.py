"""``python -m flows.cli``: the `dukung` command, as the console script runs it."""

from flows.cli.app import main

main()
