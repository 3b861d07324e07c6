"""People: accounts and roles, their administration (users, units, unit import, password-reset links), the
reviewers' tags and the review workflow of each question, the audit log; may import `flows.ingest` (to keep the
search index in step), `indexing` (the XLSX guard of the unit import), `storage`, `config`."""
