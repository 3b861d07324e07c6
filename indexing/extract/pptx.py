"""PowerPoint (.pptx): text frames and tables of every slide (groups included), slide by slide."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from indexing.extract.base import (
    PAGE_SEPARATOR,
    ExtractionResult,
    ExtractStatus,
    ParseContext,
    library_label,
)
from indexing.extract.sniff import PPTX


class PptxParser:
    name = "pptx"
    label = "PPTX"
    media_types = (PPTX,)

    def parse(self, path: Path, context: ParseContext) -> ExtractionResult:
        import pptx

        with open(path, "rb") as fh:
            presentation = pptx.Presentation(fh)
        slides = ["\n".join(_shape_lines(slide.shapes)) for slide in presentation.slides]
        return ExtractionResult(
            status=ExtractStatus.OK,
            media_type=PPTX,
            text=PAGE_SEPARATOR.join(slides),
            page_count=len(slides),
            extractor=library_label("python-pptx"),
        )


def _shape_lines(shapes: Iterable[object]) -> Iterator[str]:
    for shape in shapes:
        if getattr(shape, "shapes", None) is not None:  # group shape
            yield from _shape_lines(shape.shapes)
        elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            text = shape.text_frame.text.strip()
            if text:
                yield text
        elif getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                cells = [" ".join(c.text.split()) for c in row.cells]
                if any(cells):
                    yield "\t".join(cells).rstrip("\t")
