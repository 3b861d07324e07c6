"""Classification of documents to LKE questions and document types, with readable reasons."""

from indexing.classify.classifier import ClassificationResult, QuestionMatch, classify
from indexing.classify.doctype import TypeMatch, detect_types
from indexing.classify.folders import PathReading, read_path
from indexing.classify.loading import default_model
from indexing.classify.reasons import NOT_EVIDENCE_TYPE, confidence_words
from indexing.classify.title import TitleReading, read_title

__all__ = ["NOT_EVIDENCE_TYPE", "ClassificationResult", "PathReading", "QuestionMatch", "TitleReading", "TypeMatch",
           "classify", "confidence_words", "default_model", "detect_types", "read_path", "read_title"]
