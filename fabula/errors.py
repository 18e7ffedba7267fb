"""The one exception type fabula raises for bad input; the CLI turns it into `fabula: error: ...`."""

from __future__ import annotations

import errno
import re

# what the user can do about the OS errors a full, read-only or badly named target gives
_WHY = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENAMETOOLONG: "file name too long (at most 255 bytes per name, 4096 per path)",
    errno.ENOENT: "no such file or folder",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "is a folder",
    errno.EEXIST: "already exists",
    errno.ELOOP: "too many levels of symbolic links",
    errno.EIO: "input/output error",
}


_ERRNO = re.compile(r"\[errno (\d+)\]", re.IGNORECASE)


class FabulaError(Exception):
    """Input fabula cannot analyse (missing, empty, not text, corrupt, hostile). Message: one line."""


def short_path(path: object, keep: int = 80) -> str:
    """``path`` as text, its middle elided when longer than 2 * ``keep`` characters (a 4096-character
    path would otherwise fill the terminal with its one error line)."""
    s = str(path)
    return s if len(s) <= 2 * keep + 1 else f"{s[:keep]}…{s[-keep:]}"


def os_error_message(e: OSError, doing: str = "", path: object = None) -> str:
    """One line for an OS error: what fabula was doing, on which path, and why.

    >>> os_error_message(OSError(28, "No space left on device", "/out/x"), "cannot write")
    'cannot write /out/x: no space left on the device'
    """
    where = path if path is not None else (e.filename if e.filename is not None else "")
    code = e.errno
    if code is None:  # some libraries (pyarrow) put "[Errno 28]" in the message only
        m = _ERRNO.search(str(e))
        code = int(m.group(1)) if m else None
    why = _WHY.get(code or -1) or (e.strerror or str(e) or type(e).__name__).rstrip(".")
    head = " ".join(x for x in (doing, short_path(where) if where != "" else "") if x)
    return f"{head}: {why}" if head else why
