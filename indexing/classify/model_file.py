"""The evidence classifier's model file: one ``.npz`` of plain arrays and a JSON header (no pickle).

Weights are pruned (tiny ones change no decision) and stored sparse in half precision, so the file
stays small enough for the repository and the wheel. A file of another format version raises
:class:`~indexing.classify.model.IncompatibleModelError`, a damaged one
:class:`~indexing.classify.model.ModelCorruptError`.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path

import numpy as np

from indexing.classify.model import (
    BLOCK_WEIGHTS,
    FORMAT_VERSION,
    IncompatibleModelError,
    Model,
    ModelCorruptError,
    ModelError,
)
from indexing.classify.genre import STYLE_NAMES

#: weights smaller than this share of the largest are dropped when a model is saved
PRUNE = 0.002


def save_model(model: Model, path: str | Path) -> Path:
    """Write ``model`` to ``path`` atomically (a reader never sees half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = {"format_version": FORMAT_VERSION, "kinds": model.kinds, "codes": model.codes, "areas": model.areas,
              "vocabularies": model.vocabularies, "training_hash": model.training_hash, "examples": model.examples,
              "coef_shape": list(model.coef.shape), "temperature": model.temperature, "gate": [float(v) for v in model.gate], "subject_phrases": model.subject_phrases, "style_names": list(STYLE_NAMES)}
    sparse = _pruned(model.coef)
    questions = _pruned(model.question_coef if model.question_coef is not None
                        else np.zeros((len(model.codes), model.coef.shape[1])))
    n_style = len(STYLE_NAMES)
    style = np.zeros((3, n_style))
    if model.evidence_style is not None:
        style = np.vstack([model.evidence_style, model.style_mean, model.style_scale])
    # column numbers fit in 16 bits for any vocabulary the feature settings allow (half the file)
    index_type = np.uint16 if model.coef.shape[1] < 2 ** 16 else np.int32
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer, header=np.frombuffer(json.dumps(header, ensure_ascii=False).encode("utf-8"), dtype=np.uint8),
        coef_data=sparse.data.astype(np.float16), coef_indices=sparse.indices.astype(index_type),
        coef_indptr=sparse.indptr.astype(np.int32), intercept=model.intercept.astype(np.float64),
        question_data=questions.data.astype(np.float16), question_indices=questions.indices.astype(index_type),
        question_indptr=questions.indptr.astype(np.int32),
        question_intercept=(model.question_intercept if model.question_intercept is not None
                            else np.full(len(model.codes), -1.0)).astype(np.float64),
        kind_questions=model.kind_questions.astype(np.float32), kind_areas=model.kind_areas.astype(np.float32),
        calibrator=model.calibrator.astype(np.float64),
        evidence=np.concatenate([model.evidence_coef if model.evidence_coef is not None
                                 else np.zeros(model.coef.shape[1]), [model.evidence_intercept]]).astype(np.float32),
        style=style.astype(np.float64),
        **{f"idf_{block}": model.idf[block].astype(np.float32) for block in BLOCK_WEIGHTS},
    )
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".model-", suffix=".npz")
    with os.fdopen(fd, "wb") as out:
        out.write(buffer.getvalue())
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return path


def _pruned(matrix: np.ndarray):
    """``matrix`` as a sparse float32 matrix without its tiny weights (they change no decision)."""
    from scipy.sparse import csr_matrix

    matrix = np.array(matrix, dtype=np.float32)
    largest = float(np.abs(matrix).max()) if matrix.size else 0.0
    matrix[np.abs(matrix) < PRUNE * largest] = 0.0
    return csr_matrix(matrix)


def load_model(path: str | Path) -> Model | None:
    """The model saved at ``path``; ``None`` when there is no such file."""
    from scipy.sparse import csr_matrix

    path = Path(path)
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            header = json.loads(bytes(data["header"]).decode("utf-8"))
            if header.get("format_version") != FORMAT_VERSION or header.get("style_names") != list(STYLE_NAMES):
                raise IncompatibleModelError(
                    f"{path}: model format {header.get('format_version')}, this version reads {FORMAT_VERSION}")
            coef = csr_matrix((data["coef_data"].astype(np.float32), data["coef_indices"].astype(np.int32),
                               data["coef_indptr"]),
                              shape=tuple(header["coef_shape"])).toarray()
            questions = csr_matrix((data["question_data"].astype(np.float32), data["question_indices"].astype(np.int32),
                                    data["question_indptr"]), shape=(len(header["codes"]), coef.shape[1])).toarray()
            style = data["style"]
            has_style = bool(np.any(style[2]))
            return Model(
                vocabularies=header["vocabularies"],
                idf={block: data[f"idf_{block}"].astype(np.float64) for block in BLOCK_WEIGHTS},
                kinds=header["kinds"], coef=coef, intercept=data["intercept"], codes=header["codes"],
                kind_questions=data["kind_questions"].astype(np.float64), areas=header["areas"],
                kind_areas=data["kind_areas"].astype(np.float64), calibrator=data["calibrator"],
                evidence_coef=data["evidence"][:-1].astype(np.float32), evidence_intercept=float(data["evidence"][-1]),
                evidence_style=style[0] if has_style else None, style_mean=style[1] if has_style else None,
                style_scale=style[2] if has_style else None, temperature=float(header["temperature"]),
                gate=np.array(header["gate"], dtype=np.float64), question_coef=questions,
                subject_phrases=header.get("subject_phrases", {}),
                question_intercept=data["question_intercept"].astype(np.float64),
                training_hash=header.get("training_hash", ""), examples=header.get("examples", 0),
            )
    except ModelError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged file, whatever numpy says about it
        raise ModelCorruptError(f"{path}: the model file cannot be read ({exc})") from exc
