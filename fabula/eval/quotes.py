"""`fabula eval quotes --pdnc DIR --litbank DIR`: quotation detection recall and precision.

- recall: gold quotations found, a gold quotation being found when one piece of a predicted Quote
  overlaps its first span (the matching used for speaker accuracy);
- precision: predicted Quotes one of whose pieces overlaps some span of some gold quotation.
PDNC spans are offsets into novel_text.txt; LitBank excerpts are rebuilt from their tokens as
described in fabula/eval/lit_bank.py (which costs some recall there: its texts have no paragraphs).
"""

from __future__ import annotations

import bisect
from pathlib import Path

import click


def _precision(gold_spans: list[tuple[int, int]], qs) -> tuple[int, int]:
    gold_spans = sorted(gold_spans)
    starts = [a for a, _ in gold_spans]
    hit = 0
    for q in qs:
        ok = False
        for p in q.pieces:
            i = bisect.bisect_right(starts, p.end - 1) - 1
            while i >= 0 and not ok:
                a, b = gold_spans[i]
                if a < p.end and b > p.start:
                    ok = True
                if p.start - a > 20000:
                    break
                i -= 1
            if ok:
                break
        hit += ok
    return hit, len(qs)


def pdnc_rows(folders: list[Path]):
    from fabula.eval.pdnc import _pipeline_front, match_quotes
    from fabula.eval.pdnc_data import load_novel

    for f in folders:
        novel = load_novel(f)
        _, _, qs = _pipeline_front(novel)
        m = match_quotes(novel, qs)
        found = sum(1 for x in m if x is not None)
        ok, n_pred = _precision([s for g in novel.quotes for s in g.spans], qs)
        yield novel.name, len(novel.quotes), found, ok, n_pred


def litbank_rows(folder: Path):
    from fabula import ingest, quotes, text
    from fabula.eval.lit_bank import excerpt_files, load_excerpt, match

    for f in excerpt_files(folder):
        ex = load_excerpt(f)
        if not ex.quotes:
            continue
        qs = quotes.find(text.segment(ingest.read(ex.text)))
        m = match(ex.quotes, qs)
        ok, n_pred = _precision([(a, b) for a, b, _ in ex.quotes], qs)
        yield ex.name, len(ex.quotes), sum(1 for x in m if x is not None), ok, n_pred


def _table(title: str, rows, per_text: bool) -> str:
    rows = list(rows)
    out = [f"### {title}", "", "| text | gold | found | recall | predicted | precision |", "|---|---|---|---|---|---|"]
    g = fo = ok = pr = 0
    for name, n, found, k, npred in rows:
        if per_text:
            out.append(f"| {name} | {n} | {found} | {100 * found / max(1, n):.2f}% | {npred} | "
                       f"{100 * k / max(1, npred):.2f}% |")
        g, fo, ok, pr = g + n, fo + found, ok + k, pr + npred
    out.append(f"| **all ({len(rows)})** | {g} | {fo} | **{100 * fo / max(1, g):.2f}%** | {pr} | "
               f"**{100 * ok / max(1, pr):.2f}%** |")
    return "\n".join(out)


@click.command("quotes")
@click.option("--pdnc", "pdnc", type=click.Path(exists=True, path_type=Path), multiple=True,
              help="PDNC data folder or novel folders.")
@click.option("--litbank", "litbank", type=click.Path(exists=True, path_type=Path), default=None,
              help="LitBank folder (or its quotations/tsv).")
@click.option("--per-text", is_flag=True, help="One row per novel / excerpt.")
def quotes_command(pdnc: tuple[Path, ...], litbank: Path | None, per_text: bool) -> None:
    """Quotation detection recall and precision on PDNC novels and LitBank excerpts."""
    from fabula.errors import FabulaError
    from fabula.eval.pdnc_data import novel_dirs

    if not pdnc and litbank is None:
        raise FabulaError("give --pdnc DIR and/or --litbank DIR")
    if pdnc:
        click.echo(_table("PDNC", pdnc_rows(novel_dirs(pdnc)), per_text))
        click.echo("")
    if litbank is not None:
        click.echo(_table("LitBank", litbank_rows(litbank), per_text))
