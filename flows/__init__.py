"""Prefect flows of Dukung and the plain functions they orchestrate; the `dukung` CLI."""
