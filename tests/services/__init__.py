"""Real servers for the integration tests, started on loopback by the test command itself.

Each service module exposes ``SERVICE``: an object with ``name``, ``env`` (the environment
variables through which tests find it) and ``start(workdir) -> dict[str, str]`` / ``stop()``.
``python -m tests.services run -- PYTEST_ARGS`` starts every service whose variables are not
already set (a developer's own servers win), waits for health, runs pytest, and stops them.
"""
