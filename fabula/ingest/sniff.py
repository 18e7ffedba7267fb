"""What kind of file is this? Decided by content, never by the file name.

Returns one of: "epub" (a zip archive; the EPUB reader tells AO3/FanFicFare/generic apart), "html"
(the HTML readers tell AO3/FanFicFare/generic apart), "fanficfare-txt", "text".
"""

from __future__ import annotations

import re

from fabula.ingest import fanficfare

_HTML_START = re.compile(r"\A(?:\ufeff)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|"
                         r"meta|title|div|p|h[1-6]|table|section|article)\b", re.IGNORECASE | re.DOTALL)
_HTML_SOMEWHERE = re.compile(r"<(?:html|body)\b[^>]*>", re.IGNORECASE)


def is_zip(data: bytes) -> bool:
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def is_html(text: str) -> bool:
    head = text[:4096]
    return bool(_HTML_START.match(head) or (_HTML_SOMEWHERE.search(head) and head.lstrip().startswith("<")))


def sniff_text(text: str) -> str:
    """The format of decoded text (LF line ends): "html", "fanficfare-txt" or "text"."""
    if is_html(text):
        return "html"
    if fanficfare.looks_like_txt(text):
        return "fanficfare-txt"
    return "text"
