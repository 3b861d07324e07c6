"""E-mail of completeness results: message composition, transports (outbox folder, SMTP) and the
durable outbox that keeps every message until it is delivered."""
