"""The web app of Dukung (FastAPI): for now the JSON API and the bucket-notification webhook."""
