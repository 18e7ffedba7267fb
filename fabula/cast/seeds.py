"""Characters named by the work's metadata: AO3 character and relationship tags."""

from __future__ import annotations

import re

from fabula.model import Work

_GENERIC_TAGS = frozenset({
    "original character", "original characters", "oc", "ocs", "reader", "you", "original female character",
    "original male character", "original non-binary character", "original child character",
    "minor characters", "minor character", "background characters", "other characters", "others",
    "everyone", "ensemble", "various", "original characters - character", "y/n",
})


def _seed_names(work: Work) -> list[list[str]]:
    """Metadata character tags -> lists of alternate names: "Min Yoongi | Suga (BTS)" -> [Min Yoongi, Suga];
    the people of relationship tags ("Harry Potter/Draco Malfoy", "Ivy & Tom") when not tagged already."""
    out: list[list[str]] = []
    seen: set[str] = set()

    def add(tag: str) -> None:
        tag = re.sub(r"\s*\([^)]*\)\s*$", "", tag).strip()
        names = [n.strip() for n in tag.split("|") if n.strip()]
        names = [n for n in names if n.casefold() not in _GENERIC_TAGS and len(n) <= 60]
        if names and not any(n.casefold() in seen for n in names):
            seen.update(n.casefold() for n in names)
            out.append(names)

    for tag in work.characters:
        add(tag)
    for rel in work.relationships:
        for person in re.split(r"\s*(?:/|&| x )\s*", re.sub(r"\s*\([^)]*\)\s*$", "", rel)):
            add(person)
    return out
