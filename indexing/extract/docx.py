"""Word (.docx): body paragraphs and tables in document order, then headers and footers."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from indexing.extract.base import ExtractionResult, ExtractStatus, ParseContext, library_label
from indexing.extract.sniff import DOCX


class DocxParser:
    name = "docx"
    label = "DOCX"
    media_types = (DOCX,)

    def parse(self, path: Path, context: ParseContext) -> ExtractionResult:
        import docx  # python-docx (absolute import: not this module)

        with open(path, "rb") as fh:  # a file object: damage surfaces as BadZipFile, not a path error
            document = docx.Document(fh)
        headers, footers = _headers_and_footers(document)
        body = list(_block_lines(document.iter_inner_content()))
        parts = [p for p in ("\n".join(headers), "\n".join(body), "\n".join(footers)) if p.strip()]
        return ExtractionResult(
            status=ExtractStatus.OK,
            media_type=DOCX,
            text="\n\n".join(parts),
            extractor=library_label("python-docx"),
        )


def _block_lines(blocks: Iterable[object]) -> Iterator[str]:
    from docx.table import Table

    for block in blocks:
        if isinstance(block, Table):
            yield from _table_lines(block)
        else:
            yield block.text  # Paragraph


def _table_lines(table: object) -> Iterator[str]:
    """One line per row, cells tab-separated; merged cells appear once; nested tables follow."""
    for row in table.rows:
        cells: list[str] = []
        nested: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # a horizontally merged cell repeats
                continue
            previous = cell._tc
            cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
            for inner in cell.tables:
                nested.extend(_table_lines(inner))
        if any(cells):
            yield "\t".join(cells).rstrip("\t")
        yield from nested


def _headers_and_footers(document: object) -> tuple[list[str], list[str]]:
    headers: list[str] = []
    footers: list[str] = []
    seen: set[str] = set()
    for section in document.sections:
        for kind, target in (
            ("header", headers), ("first_page_header", headers), ("even_page_header", headers),
            ("footer", footers), ("first_page_footer", footers), ("even_page_footer", footers),
        ):
            part = getattr(section, kind)
            if part.is_linked_to_previous:
                continue
            text = "\n".join(_block_lines(part.iter_inner_content())).strip()
            if text and text not in seen:
                seen.add(text)
                target.append(text)
    return headers, footers
