"""The report page's constants and small helpers: escaping, numbers read defensively from the
analysis dict, colours, the network layout."""

from __future__ import annotations

import html
import math
import re
from functools import cache
from pathlib import Path
from typing import Any

# Okabe & Ito's palette (distinguishable with every common colour-vision deficiency), in the order
# characters get it; characters past the eighth share a neutral grey.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
OTHER = "#8a8a8a"
NO_POV = "#dcdcdc"
LOW_CONFIDENCE = 0.5  # attributions below this are drawn with a dashed underline
CAST_ROWS = 15  # rows shown before the rest of the cast folds away
TOP_PAIRS = 6
TOP_ARCS = 4
NETWORK_NODES = 16
CHUNK = 60  # paragraphs per block of text the browser may leave unrendered until scrolled near
NETWORK_EDGES_PER_NODE = 2.5  # the strongest ties only: a dense novel graph is a hairball otherwise

_ASSETS = Path(__file__).resolve().parent.parent / "report"
_ID = re.compile(r"[^A-Za-z0-9_-]")
_MARKS = frozenset("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u2039\u203a")  # quote marks kept with a piece


def esc(value: Any) -> str:
    """Escape anything for HTML text or a double-quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def _safe_id(value: Any) -> str:
    return _ID.sub("_", str(value))[:40] or "_"


def _num(value: Any, default: float = 0.0) -> float:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return default
    return f if math.isfinite(f) else default


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return default


def _tint(colour: str, amount: float = 0.22) -> str:
    """``colour`` mixed with white (amount = share of the colour)."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    mix = [round(255 - (255 - c) * amount) for c in (r, g, b)]
    return "#" + "".join(f"{c:02x}" for c in mix)


@cache
def _asset(name: str) -> str:
    return (_ASSETS / name).read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the page

def _rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _light(colour: str) -> bool:
    """True when black text reads better than white on ``colour``."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b > 150


def _short(name: str, limit: int = 22) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _lang(value: Any) -> str:
    v = str(value or "en")
    return v if re.fullmatch(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*", v) else "en"


def _layout(nodes: list[str], edges: list[tuple[str, str, int]]) -> dict[str, tuple[float, float]]:
    """Node positions in [0, 1]^2: a seeded spring layout (networkx), starting from a circle."""
    n = len(nodes)
    if n == 1:
        return {nodes[0]: (0.5, 0.5)}
    if n == 2:
        return {nodes[0]: (0.0, 0.5), nodes[1]: (1.0, 0.5)}
    # the most present characters (nodes come ranked) take every other place, spread round the circle
    order = nodes[: (n + 1) // 2]
    spread: list[str] = []
    for i, k in enumerate(order):
        spread.append(k)
        if (n + 1) // 2 + i < n:
            spread.append(nodes[(n + 1) // 2 + i])
    circle = {k: (0.5 + 0.5 * math.cos(2 * math.pi * i / n - math.pi / 2),
                  0.5 + 0.5 * math.sin(2 * math.pi * i / n - math.pi / 2)) for i, k in enumerate(spread)}
    if n <= 3 or len(edges) > 0.3 * n * (n - 1) / 2:
        return circle  # dense graphs read better on a circle than in a spring layout's knot
    try:
        import networkx as nx

        g = nx.Graph()
        g.add_nodes_from(nodes)
        for a, b, w in edges:
            g.add_edge(a, b, weight=math.log1p(w))
        raw = nx.spring_layout(g, pos=circle, seed=7, iterations=120, k=1.6 / math.sqrt(n))
    except Exception:  # noqa: BLE001 - layout is decoration: never fail the report for it
        return circle
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    return {k: ((p[0] - x0) / ((x1 - x0) or 1), (p[1] - y0) / ((y1 - y0) or 1)) for k, p in raw.items()}


def _count(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural unless ``n`` is 1: "1 exchange", "1,008 words"."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
