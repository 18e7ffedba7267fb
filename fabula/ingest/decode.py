"""Bytes -> str for text-like input: BOMs, UTF-8, UTF-16, and a per-byte cp1252 fallback.

A file that is UTF-8 except for a few cp1252 bytes (mixed encodings, common in old fanfic archives)
still reads: each byte UTF-8 cannot decode is read as cp1252 instead (Latin-1 for the five bytes
cp1252 leaves undefined). A file with no valid UTF-8 multi-byte sequence at all is read as cp1252.
"""

from __future__ import annotations

import codecs

from fabula.ingest.safety import check_magic, check_text, not_a_story

_UNDEFINED = frozenset((0x81, 0x8D, 0x8F, 0x90, 0x9D))  # cp1252 leaves these out; read them as Latin-1
_BYTE = [chr(b) if b < 0x80 or b in _UNDEFINED else bytes((b,)).decode("cp1252") for b in range(256)]


def _cp1252_fallback(err: UnicodeDecodeError) -> tuple[str, int]:
    return "".join(_BYTE[b] for b in err.object[err.start:err.end]), err.end


CP1252_FALLBACK = "fabula-cp1252"  # the error handler's name: bytes.decode("utf-8", errors=CP1252_FALLBACK)
codecs.register_error(CP1252_FALLBACK, _cp1252_fallback)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows NULs in every other byte of its ASCII characters."""
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    enc = "utf-16-le" if odd > 0.6 * half and even < 0.05 * half else (
        "utf-16-be" if even > 0.6 * half and odd < 0.05 * half else None)
    if enc is None:
        return None
    try:
        return data.decode(enc)
    except UnicodeDecodeError:
        return None


def decode(data: bytes) -> tuple[str, str]:
    """Decode ``data``; returns (text, encoding name). Raises FabulaError for binary data."""
    check_magic(data)
    if data.startswith(codecs.BOM_UTF8):
        text, enc = data[3:].decode("utf-8", errors="fabula-cp1252"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, enc = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise not_a_story("invalid UTF-16") from None
    elif b"\x00" in data[:4096] and (u16 := _utf16_without_bom(data)) is not None:
        text, enc = u16, "utf-16"  # NUL is valid UTF-8, so this must be tried first
    else:
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            if b"\x00" in data:
                raise not_a_story() from None
            text, enc = data.decode("utf-8", errors="fabula-cp1252"), "utf-8+cp1252"
    check_text(text)
    return text, enc

