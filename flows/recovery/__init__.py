"""Recovery: finishing what an outage left and aligning the records, the object store and the search index
(`reconcile`); may import `flows.ingest` and `flows.mail`, `indexing`, `storage`, `config` — nothing imports it but the
Prefect root and the CLI."""
