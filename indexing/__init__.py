"""Indexing of evidence documents: text extraction, document metadata and search."""
