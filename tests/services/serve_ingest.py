"""Serve Dukung's deployments against a test Prefect server (run as a subprocess by the tests).

    python -m tests.services.serve_ingest --api-url http://127.0.0.1:PORT/api --home DIR [--records-url URL]

The environment is set before Prefect and Dukung are imported: the server's API URL, an isolated
``PREFECT_HOME`` and ``DUKUNG_HOME``, and (optionally) the records database URL.
"""

from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--home", required=True, help="DUKUNG_HOME of the flow runs")
    parser.add_argument("--records-url", default="", help="DUKUNG_RECORDS__URL (empty = SQLite under --home)")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)

    os.makedirs(os.path.join(args.home, "prefect"), exist_ok=True)
    os.environ["PREFECT_API_URL"] = args.api_url
    os.environ["PREFECT_HOME"] = os.path.join(args.home, "prefect")
    os.environ.setdefault("PREFECT_RUNNER_POLL_FREQUENCY", "1")  # pick a new run up within a second
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ["DUKUNG_HOME"] = args.home
    os.environ.setdefault("DUKUNG_INGEST__WORKERS", "1")
    if args.records_url:
        os.environ["DUKUNG_RECORDS__URL"] = args.records_url

    from flows.deployments import serve_all

    serve_all(limit=args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
