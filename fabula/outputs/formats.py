"""The output formats `fabula analyze --formats` and `fabula batch --formats` choose from.

``analysis.json`` and ``text.txt`` are always written (every other output, `fabula report` and the
batch tables are made from them); the others are chosen by name. The default is what a reader
needs (the report); the research exports are one option away (`--formats all`).
"""

from __future__ import annotations

import click

from fabula.errors import FabulaError

# name -> the files it writes (also the help text of --formats)
FORMATS = {
    "report": "report.html",
    "booknlp": "story.tokens, .entities, .quotes, .book",
    "tei": "story.tei.xml",
    "network": "network.gexf, network_dynamic.gexf, network.graphml, nodes.csv, edges.csv, edges_by_chapter.csv",
}
DEFAULT = ("report",)
ALL = tuple(FORMATS)

# name -> (module, function); each function takes (analysis, folder) and writes its files there
EXPORTERS = {
    "json": ("fabula.outputs.analysis_json", "write"),  # text.txt, analysis.json: always
    "booknlp": ("fabula.outputs.booknlp", "write"),
    "tei": ("fabula.outputs.tei", "write"),
    "network": ("fabula.outputs.graphs", "write"),
    "report": ("fabula.outputs.report", "write"),
}


def parse(spec: str | None) -> tuple[str, ...]:
    """``"report,tei"`` -> ``("report", "tei")``; ``all``, ``none``, or None for the default.

    >>> parse("tei, report")
    ('report', 'tei')
    """
    if spec is None:
        return DEFAULT
    names = [x.strip().lower() for x in spec.split(",") if x.strip()]
    if names == ["all"]:
        return ALL
    if names == ["none"] or not names:
        return ()
    unknown = [n for n in names if n not in FORMATS]
    if unknown:
        raise FabulaError(f"--formats: unknown format {unknown[0]!r} (choose from {', '.join(FORMATS)}, all, none)")
    return tuple(n for n in FORMATS if n in names)  # in the order of FORMATS


def option(f):
    """The ``--formats LIST`` option of `fabula analyze` and `fabula batch` (parameter ``formats_``)."""
    return click.option(
        "--formats", "formats_", default=",".join(DEFAULT), show_default=True, metavar="LIST",
        help="Comma-separated outputs to write besides analysis.json and text.txt: "
        + "; ".join(f"{k} ({v})" for k, v in FORMATS.items()) + "; `all` for every one, `none` for none.",
    )(f)
