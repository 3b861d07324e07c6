"""Classification of documents to LKE questions and document types, with readable reasons."""

from indexing.classify.classifier import ClassificationResult, QuestionMatch, classify
from indexing.classify.doctype import TypeMatch, detect_types
from indexing.classify.folders import PathReading, read_path

__all__ = ["ClassificationResult", "PathReading", "QuestionMatch", "TypeMatch", "classify", "detect_types", "read_path"]
