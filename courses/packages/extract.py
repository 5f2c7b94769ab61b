"""Unpacking a checked archive through a Django Storage, all or nothing.

Files go only under one prefix, which must be empty or absent: unpacking over an
earlier package would mix two packages' files, and cleaning up after a failure would
then delete files that were not ours. On any failure every file written (and any
folder this created) is removed before the error is raised, so no half-unpacked
package is ever left for a player to serve.
"""

from __future__ import annotations

import logging
import posixpath
import tempfile
from typing import TYPE_CHECKING

from django.core.files import File
from django.core.files.storage import Storage

from courses.packages.names import parents
from courses.packages.rejection import (
    MB,
    PackageRejected,
    human_bytes,
    is_hidden_character,
    reason,
    shown,
)

if TYPE_CHECKING:
    from courses.packages.archive import SafeArchive

logger = logging.getLogger(__name__)

# Members are spooled before storage sees them, so storages that seek (S3) get a
# seekable file, and a member refused mid-stream never reaches storage at all.
_SPOOL_IN_MEMORY_BYTES = 8 * MB


def extract_to_storage(archive: SafeArchive, *, storage: Storage, prefix: str) -> list[str]:
    """Write every member under `prefix`; return the storage names written, in order."""
    root = _checked_prefix(prefix)
    existed = _refuse_occupied(storage, root=root)
    # Every name a save was attempted under: a storage dying mid-write can leave a part.
    touched: list[str] = []
    try:
        return _write_members(archive, storage=storage, root=root, touched=touched)
    except BaseException as exc:
        _remove(storage, root=root, names=touched, existed=existed)
        # A worker being stopped (not an Exception) is cleaned up after too, then let go.
        if isinstance(exc, PackageRejected) or not isinstance(exc, Exception):
            raise
        raise PackageRejected(
            "storage_error", f"The package could not be saved ({reason(exc)}); nothing was kept."
        ) from exc


def _write_members(
    archive: SafeArchive, *, storage: Storage, root: str, touched: list[str]
) -> list[str]:
    written: list[str] = []
    budget = archive.limits.max_total_bytes
    for member in archive.members:
        target = _target(root=root, name=member.name)
        with tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY_BYTES) as spool:
            for chunk in archive.iter_chunks(member.name):
                # Declared sizes were checked already; this counts what really came out.
                budget -= len(chunk)
                if budget < 0:
                    raise PackageRejected(
                        "too_large",
                        "The package unpacks to more than "
                        f"{human_bytes(archive.limits.max_total_bytes)}, over the limit.",
                    )
                spool.write(chunk)
            spool.seek(0)
            touched.append(target)
            saved = storage.save(target, File(spool, name=posixpath.basename(target)))
        if saved != target:
            touched.append(saved)
            raise PackageRejected(
                "storage_error",
                f"Storage saved {shown(member.name)} under another name ({shown(saved)}); "
                "the package was not kept.",
            )
        written.append(saved)
    return written


def _checked_prefix(prefix: str) -> str:
    # The prefix comes from our code, not the uploader, so a bad one is a programming error.
    root = prefix.rstrip("/")
    if (
        not root
        or root.startswith("/")
        or "\\" in root
        or any(segment in {"", ".", ".."} for segment in root.split("/"))
        or any(is_hidden_character(character) for character in root)
    ):
        raise ValueError(f"Unsafe storage prefix for a package: {prefix!r}")
    return root


def _target(*, root: str, name: str) -> str:
    # Names were normalised at inspection; this re-check costs nothing and guards refactors.
    target = f"{root}/{name}"
    if posixpath.normpath(target) != target or not target.startswith(root + "/"):
        raise PackageRejected(
            "zip_slip", f"The package contains a path that escapes its folder: {shown(name)}"
        )
    return target


def _refuse_occupied(storage: Storage, *, root: str) -> bool:
    """Raise if `root` already holds anything; return whether it exists (empty) already."""
    try:
        folders, files = storage.listdir(root)
    except FileNotFoundError:
        return False
    except NotImplementedError:
        if storage.exists(root):
            raise PackageRejected(
                "destination_not_empty",
                f"The package folder {shown(root)} already exists; it was left untouched.",
            ) from None
        return False
    except OSError:
        # Something that is not a folder (a file, say) already has this name.
        folders, files = [], [root]
    if folders or files:
        raise PackageRejected(
            "destination_not_empty",
            f"The package folder {shown(root)} already has files in it; it was left untouched.",
        )
    return True


def _remove(storage: Storage, *, root: str, names: list[str], existed: bool) -> None:
    # File-system storages keep empty folders, so folders go too: deepest first, and
    # only inside root, which was empty before we started.
    folders = {folder for name in names for folder in parents(name)}
    inside = sorted(
        (folder for folder in folders if folder.startswith(root + "/")),
        key=lambda folder: folder.count("/"),
        reverse=True,
    )
    # Folders above root are left: they may hold other packages, and an empty one is harmless.
    for name in [*reversed(names), *inside, *([] if existed else [root])]:
        try:
            storage.delete(name)
        except Exception:
            logger.warning("Could not remove %s after a failed package unpack", name, exc_info=True)
