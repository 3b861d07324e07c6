"""Completeness: each LKE question's evidence checked against the catalog's rules, changes since the last check, the
gap list, a unit's LKE matrix, one question and one document as people see them; may import `flows.people`,
`flows.ingest`, `indexing`, `storage`, `config`."""
