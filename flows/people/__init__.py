"""People: accounts and roles, the reviewers' tags and the review workflow of each question, the audit log; may import
`flows.ingest` (to keep the search index in step), `storage`, `config`."""
