"""Object storage for evidence files and the records database (the source of truth)."""
