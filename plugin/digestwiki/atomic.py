"""Files the project writes beside mkdocs.yml: atomically, with their mode kept, under a lock.

``atomic_write`` is the one way the metadata cache and the key registry are written: a
temporary file in the same folder, fsync, rename. The new file keeps the old file's mode (or,
for a new file, what the umask gives), never mkstemp's ``-rw-------``. ``locked`` serialises
writers of one file across processes (two ``digestwiki refresh`` runs at once), so a writer
can re-read, merge and write without losing the other's records.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; a single writer is assumed
    fcntl = None  # type: ignore[assignment]


def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8, ``\\n`` line ends) in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = _default_mode()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def stale_temp_files(path: Path) -> list[Path]:
    """Temporary files a killed writer of ``path`` left behind."""
    return sorted(path.parent.glob(f".{path.name}.*.tmp")) if path.parent.is_dir() else []


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for writing ``path``: the kernel's ``flock`` on its folder, so
    no lock file is left behind and a killed holder releases it.

    Inside the lock no other writer is mid-write, so temporary files left by killed writers
    of ``path`` are removed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        for tmp in stale_temp_files(path):
            with contextlib.suppress(OSError):
                tmp.unlink()
        yield
    finally:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
