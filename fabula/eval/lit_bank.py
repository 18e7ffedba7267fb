"""`fabula eval litbank DIR`: speaker accuracy and quotation detection on LitBank's quotation layer.

LitBank (``litbank/quotations/tsv/*.ann`` + ``.txt``) gives ~2,000-word excerpts as tokenised
sentences, one per line, without paragraph breaks, and each quotation as a token span with a speaker
label such as ``Jack_Durbeyfield-0``. fabula needs running text, so the excerpt is rebuilt:
- tokens are joined by spaces, except no space before closing punctuation, after an opening quote mark
  or before a closing one (quote marks alternate open/close, reset at each new paragraph);
- a new paragraph starts before a sentence that opens a quotation, and after a sentence that closes one
  (LitBank's texts carry no paragraph marks; dialogue in fiction is paragraphed this way).
Offsets of every token are kept, so gold quotations become character spans of the rebuilt text.

Speaker rule (names only; LitBank gives no alias lists here): the label's name part (underscores to
spaces, "-N" dropped) is right for a predicted character when, compared case-insensitively,
it equals the character's name or one of its aliases (a description after "___" in the label is
dropped), or its first or last word (titles aside) equals a one-word name/alias of the character,
or the label is one word equal to the first or last word of the character's name, or the label
says "narrator" (``Rudolf_narrator-4``) and the character is fabula's first-person narrator. Unmatched gold
quotations count as wrong. Labels are names the annotators chose, so this undercounts where a speaker
has no proper name (e.g. "the_old_man-12") or fabula names them otherwise.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import click

from fabula.errors import FabulaError
from fabula.eval.matching import overlapping_quotes

_OPENERS = {"``", "“", "‘"}
_CLOSERS = {"''", "”"}
_NOSPACE_BEFORE = re.compile(r"^(?:[.,;:!?)\]}%]|'s|'d|'ll|'re|'ve|'m|n't|’s|’d|’ll|’re|’ve|’m|n’t)$", re.IGNORECASE)


@dataclass
class Excerpt:
    name: str
    text: str
    quotes: list[tuple[int, int, str]]  # (start, end, speaker label) character spans of gold quotes


def excerpt_files(folder: Path) -> list[Path]:
    folder = Path(folder)
    for cand in (folder, folder / "quotations" / "tsv", folder / "tsv"):
        anns = sorted(cand.glob("*.ann")) if cand.is_dir() else []
        if anns:
            return anns
    raise FabulaError(f"{folder}: no LitBank quotation files (*.ann) found")


def load_excerpt(ann: Path) -> Excerpt:
    sentences = [line.split(" ") for line in ann.with_suffix(".txt").read_text(encoding="utf-8").split("\n")]
    quotes_tok: dict[str, tuple[int, int, int, int]] = {}
    speakers: dict[str, str] = {}
    for line in ann.read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        if f[0] == "QUOTE" and len(f) >= 6:
            quotes_tok[f[1]] = (int(f[2]), int(f[3]), int(f[4]), int(f[5]))
        elif f[0] == "ATTRIB" and len(f) >= 3:
            speakers[f[1]] = f[2]
    # quote-opening sentences start paragraphs; sentences that close a quote end them
    open_sent = {s for s, t, _, _ in quotes_tok.values() if t == 0}
    close_sent = {e for _, _, e, t in quotes_tok.values() if e < len(sentences) and t >= len(sentences[e]) - 2}
    parts: list[str] = []
    pos = 0
    offsets: dict[tuple[int, int], tuple[int, int]] = {}
    inside = False
    prev_tok = None
    for si, toks in enumerate(sentences):
        if not any(toks):
            continue
        if parts:
            sep = "\n\n" if (si in open_sent or (si - 1) in close_sent) else " "
            if sep == "\n\n":
                inside = False
            parts.append(sep)
            pos += len(sep)
            prev_tok = None if sep == "\n\n" else prev_tok
        for ti, tok in enumerate(toks):
            if tok == "":
                continue
            is_quote = tok in ('"', "``", "''", "“", "”", "‘", "’")
            opening = is_quote and (tok in _OPENERS or (tok == '"' and not inside))
            closing = is_quote and not opening
            space = prev_tok is not None and not (closing or _NOSPACE_BEFORE.match(tok) or prev_tok == "OPEN")
            if space:
                parts.append(" ")
                pos += 1
            t = tok.replace("``", "“").replace("''", "”")
            offsets[(si, ti)] = (pos, pos + len(t))
            parts.append(t)
            pos += len(t)
            if opening:
                inside = True
                prev_tok = "OPEN"
            else:
                if closing:
                    inside = False
                prev_tok = tok
    text = "".join(parts)
    quotes = []
    for qid, (s0, t0, s1, t1) in quotes_tok.items():
        a = offsets.get((s0, t0))
        b = offsets.get((s1, t1))
        if a is None or b is None:
            continue
        start, end = a[0], b[1]
        # the spoken part, without its marks, as PDNC spans are
        while start < end and text[start] in "\"“”'‘’ ":
            start += 1
        while end > start and text[end - 1] in "\"“”'‘’ ":
            end -= 1
        if end > start:
            quotes.append((start, end, speakers.get(qid, "")))
    quotes.sort()
    return Excerpt(ann.name.removesuffix(".ann").removesuffix("_brat"), text, quotes)


def match(gold: list[tuple[int, int, str]], qs) -> list[int | None]:
    return overlapping_quotes(((a, b) for a, b, _ in gold), qs)


_TITLE = {"mr", "mrs", "miss", "ms", "dr", "sir", "lady", "lord", "the", "old", "young", "little"}


def _norm(s: str) -> str:
    return " ".join(s.replace(".", " ").replace("_", " ").casefold().split())


def label_matches(label: str, name: str, aliases, narrator: bool = False) -> bool:
    lab = _norm(re.sub(r"-\d+$", "", label).split("___")[0])
    if not lab:
        return False
    if narrator and "narrator" in lab.split():
        return True
    names = {_norm(name)} | {_norm(a) for a in aliases}
    if lab in names:
        return True
    lw = [w for w in lab.split() if w not in _TITLE] or lab.split()
    one_word = {n for n in names if len(n.split()) == 1}
    if lw and (lw[0] in one_word or lw[-1] in one_word):
        return True
    nw = [w for w in _norm(name).split() if w not in _TITLE]
    return len(lw) == 1 and bool(nw) and lw[0] in (nw[0], nw[-1])


def evaluate(files: list[Path], errors: int = 0) -> tuple[Counter, list[tuple[str, int, int, int]]]:
    from fabula import cast as cast_stage
    from fabula import ingest, quotes, speakers, text

    tot = Counter()
    rows = []
    for f in files:
        ex = load_excerpt(f)
        if not ex.quotes:
            continue
        work = ingest.read(ex.text)
        txt = text.segment(work)
        qs = quotes.find(txt)
        cs = cast_stage.build(work, txt, qs)
        sp = speakers.attribute(txt, qs, cs)
        m = match(ex.quotes, qs)
        right = found = 0
        shown = 0
        for (a, b, label), qi in zip(ex.quotes, m, strict=True):
            if qi is None:
                continue
            found += 1
            spk = sp[qi].speaker
            ok = spk is not None and label_matches(label, cs.characters[spk].name, cs.characters[spk].aliases,
                                                   cs.characters[spk].narrator)
            right += ok
            if label[:1].isupper():
                tot["named_found"] += 1
                tot["named_right"] += ok
            if not ok and shown < errors:
                shown += 1
                pred = cs.characters[spk].name if spk is not None else None
                click.echo(f"--- {ex.name}: gold={label} pred={pred} | {ex.text[max(0, a - 150):b + 60]!r}")
        rows.append((ex.name, len(ex.quotes), found, right))
        tot["named"] += sum(1 for _, _, lab in ex.quotes if lab[:1].isupper())
        tot["quotes"] += len(ex.quotes)
        tot["found"] += found
        tot["right"] += right
    return tot, rows


@click.command("litbank")
@click.argument("folder", type=click.Path(exists=True, path_type=Path))
@click.option("--errors", type=int, default=0, help="Show up to N wrong attributions per excerpt.")
@click.option("--per-text", is_flag=True, help="One row per excerpt.")
def litbank_command(folder: Path, errors: int, per_text: bool) -> None:
    """Speaker accuracy (end to end) on LitBank quotations (FOLDER: litbank or its quotations/tsv)."""
    tot, rows = evaluate(excerpt_files(folder), errors)
    if per_text:
        click.echo("| excerpt | quotes | found | speaker right |\n|---|---|---|---|")
        for name, n, found, right in rows:
            click.echo(f"| {name} | {n} | {found} | {100 * right / n:.1f}% |")
    n = max(1, tot["quotes"])
    click.echo(f"LitBank: {len(rows)} excerpts with quotations, {tot['quotes']} gold quotations; "
               f"found {100 * tot['found'] / n:.1f}%; speaker right (end to end) {100 * tot['right'] / n:.1f}%")
    nn = max(1, tot["named"])
    click.echo(f"  quotations whose speaker label is a proper name (capitalised): {tot['named']}; "
               f"speaker right {100 * tot['named_right'] / nn:.1f}%")
