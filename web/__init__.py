"""The web app of Dukung (FastAPI): pages for ZI teams and reviewers (`pages/`), the JSON API and the
bucket-notification webhook; may import `flows` (not `flows.cli`), `indexing`, `storage` and `config`."""
