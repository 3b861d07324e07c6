"""Ingest: evidence files into the object store and the records (staging, uploads, the bucket inbox), then extract →
classify → index in limited worker pools, and OCR; may import `indexing`, `storage`, `config` — no other `flows` package."""
