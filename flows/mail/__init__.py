"""Mail and reports: the completeness e-mails (who gets what), their composition, transports (outbox folder, SMTP),
the durable outbox, and the reports they carry (XLSX, JSON, HTML); may import `flows.completeness`, `flows.people`,
`flows.ingest`, `storage`, `config`."""
