#!/usr/bin/env python3
"""Build ``benchmarks/public_pages/pages.jsonl`` and ``evidence.jsonl``: public Indonesian pages that are
not evidence, and institutions' own public documents of a known type, as the terms the evidence
classifier's model reads (:class:`indexing.classify.features.PageTerms`), not as text.

Usage::

    python tools/public_pages.py COLLECTED.jsonl [...] [-o benchmarks/public_pages/pages.jsonl]

Each input line is ``{"url", "genre", "text"}`` — the opening of a public page that is not evidence (news
about a ZI event, a blog explainer, a training advert, an academic abstract, a job posting, an unrelated
regulation…) as it was read — or ``{"url", "doc_type", "text"}``: the opening of an institution's own
document (a Perbup on gratification control, an SOP, a survey report…) with the dev set's name of its
type. Those go to ``evidence.jsonl`` beside the output.

The texts are not ours to copy, so they stay out of the repository; what is kept of each page is what
training needs and nothing that reads as the page: the counts of the words of its normalised
opening, the counts of those of its word pairs that occur in at least two documents of the dev set and
the pages (a pair in one document only never enters the model's vocabulary, in any fold), its title block
as the model reads it, and its style cues (:func:`indexing.classify.genre.style_vector`).

A page is left out when it repeats a dev-set text or another page (:data:`NEAR_DUPLICATE` of their
character 5-grams in common), or when most of what is its own — its word triples found in at most
:data:`COMMON_TRIPLE_DOCUMENTS` texts — is in a dev-set text (:data:`OWN_WORDS_IN_DEV`): a copy of a dev-set
document (another site, another cut) would leak its label into the cross-validation of ``make eval``. Two
regencies' regulations on one subject share their boilerplate (menimbang, mengingat, the national model
they follow), not their own words, and are both kept.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: share of character 5-grams in common (Jaccard) from which two openings are the same text
NEAR_DUPLICATE = 0.5
#: a word triple in more texts than this (of the dev set and the pages) is boilerplate, not a text's own
COMMON_TRIPLE_DOCUMENTS = 3
#: share of a page's own word triples found in one dev-set text from which the page is a copy of it
OWN_WORDS_IN_DEV = 0.5


def _opening(text: str) -> str:
    """The normalised opening the model reads (the body of :func:`indexing.classify.features.model_inputs`)."""
    from indexing.classify.features import MODEL_CHARS
    from indexing.classify.text import normalize

    return normalize(text[:MODEL_CHARS])


def _shingles(text: str) -> set[str]:
    t = _opening(text)
    return {t[i:i + 5] for i in range(max(len(t) - 5, 1))}


def _pairs(text: str) -> set[str]:
    from indexing.classify.features import word_pairs

    return set(word_pairs(_opening(text)))


def _triples(text: str) -> set[str]:
    words = _opening(text).split()
    return {" ".join(words[i:i + 3]) for i in range(len(words) - 2)}


def distinct_pages(pages: list[dict], dev_texts: list[str]) -> tuple[list[dict], list[tuple[str, str]]]:
    """The pages that repeat neither a dev-set text nor an earlier page; and (url, why) of those left out."""
    seen = [_shingles(t) for t in dev_texts]
    n_dev = len(seen)
    dev_triples = [_triples(t) for t in dev_texts]
    page_triples = [_triples(page["text"]) for page in pages]
    df = Counter(t for triples in dev_triples + page_triples for t in triples)
    kept, dropped = [], []
    for page, triples in zip(pages, page_triples):
        s = _shingles(page["text"])
        similar = [len(s & o) / max(len(s | o), 1) for o in seen]
        own = {t for t in triples if df[t] <= COMMON_TRIPLE_DOCUMENTS}
        if any(j >= NEAR_DUPLICATE for j in similar[:n_dev]) or (
                own and any(len(own & d) >= OWN_WORDS_IN_DEV * len(own) for d in dev_triples)):
            dropped.append((page["url"], "dev set"))
            continue
        if any(j >= NEAR_DUPLICATE for j in similar[n_dev:]):
            dropped.append((page["url"], "another page"))
            continue
        seen.append(s)
        kept.append(page)
    return kept, dropped


def page_rows(pages: list[dict], dev_texts: list[str]) -> list[dict]:
    from indexing.classify.features import PageTerms, model_inputs
    from indexing.classify.genre import style_vector
    from indexing.metadata import extract_metadata

    df = Counter(p for text in dev_texts + [page["text"] for page in pages] for p in _pairs(text))
    rows = []
    for page in pages:
        text = page["text"]
        body, head = model_inputs(text, extract_metadata(text).title)
        terms = PageTerms.of(body, head, style_vector(text), keep_bigram=lambda pair: df[pair] >= 2)
        label = {"doc_type": page["doc_type"]} if page.get("doc_type") else {"genre": page["genre"]}
        rows.append({"url": page["url"], **label, "chars": len(text), "terms": terms.to_json()})
    return sorted(rows, key=lambda r: r["url"])


def main(argv=None) -> None:
    from indexing.classify.training_data import read_devset

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", type=Path)
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "benchmarks" / "public_pages" / "pages.jsonl")
    parser.add_argument("--devset", type=Path, default=ROOT / "benchmarks" / "devset")
    args = parser.parse_args(argv)
    dev = read_devset(args.devset)
    dev_urls = {r["source_url"].rstrip("/") for r in dev}
    pages, urls = [], set()
    for path in args.inputs:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                page = json.loads(line)
                url = page["url"].rstrip("/")
                if url not in dev_urls and url not in urls:
                    urls.add(url)
                    pages.append(page)
    kept, dropped = distinct_pages(pages, [r["text"] for r in dev])
    rows = page_rows(kept, [r["text"] for r in dev])
    args.output.parent.mkdir(parents=True, exist_ok=True)
    for path, label in ((args.output, "genre"), (args.output.parent / "evidence.jsonl", "doc_type")):
        chosen = [r for r in rows if label in r]
        if not chosen and label == "doc_type":
            continue
        with open(path, "w", encoding="utf-8") as out:
            for row in chosen:
                out.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
        print(f"{len(chosen)} pages → {path} ({dict(Counter(r[label] for r in chosen))})")
    for url, why in dropped:
        print(f"left out (repeats {why}): {url}")


if __name__ == "__main__":
    main()
