"""Prefect flows of Dukung (`pipelines`), their deployments and the Prefect environment at the root; the plain functions
they orchestrate in one sub-package per capability (`ingest`, `completeness`, `people`, `mail`, `sample_data`, `runtime`)
and the `dukung` CLI in `cli`. The root modules may import every capability package; those never import the root."""
