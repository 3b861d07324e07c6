# Dukung application image: the CLI, the flows (served to a Prefect server) and, later, the web app.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    PREFECT_SERVER_ANALYTICS_ENABLED=false DO_NOT_TRACK=1 \
    DUKUNG_HOME=/data
WORKDIR /app
# OCR of scanned evidence: Tesseract with the Indonesian model; pg_dump/pg_restore for `dukung backup`
# and `dukung restore` on PostgreSQL 15 (Debian packages)
RUN apt-get update && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-ind postgresql-client \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md LICENSE ./
COPY config ./config
COPY storage ./storage
COPY indexing ./indexing
COPY flows ./flows
COPY web ./web
RUN pip install --no-cache-dir . && useradd --create-home dukung && mkdir -p /data && chown dukung /data
USER dukung
VOLUME ["/data"]
ENTRYPOINT ["dukung"]
CMD ["--help"]
