"""The compiled cache: each compiled policy pickled to a file, so that a later process loads it without parsing.

An entry's name is a sha256 over what the compiled policy depends on (the ruleset's digest inputs: its text, the
statutory baseline's text and the overrides; the name it is shown by; the package version, the Python version and
the package's code, each module's size and modification time, which installing any version of the package or
editing a checkout changes), so an entry is never stale: a change to any of them is another entry. Entries are written to a temporary file and moved
into place (`os.replace`), so processes may share the folder; an entry that cannot be read or unpickled is
ignored (and rewritten by the load that follows), and a folder that cannot be written is not used, never an error.
A folder keeps at most MAX_ENTRIES entries: writing one more removes the oldest.

The folder is `$DAPOLICY_CACHE`, else `$XDG_CACHE_HOME/dapolicy`, else `~/.cache/dapolicy`; `DAPOLICY_CACHE=off`
turns the cache off.
"""

from __future__ import annotations

import copyreg
import functools
import hashlib
import io
import os
import pickle
import sys
import tempfile
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from ._version import __version__

#: The value of $DAPOLICY_CACHE that turns the cache off.
OFF = "off"
_MAGIC = "dapolicy-compiled-1"
_PACKAGE = Path(__file__).resolve().parent
#: The most entries a cache folder keeps: a write that goes past it removes the entries least recently written
#: (each edit of a ruleset, override or package version writes another entry; none is ever read again).
MAX_ENTRIES = 256


def cache_dir() -> Path | None:
    """The cache folder from the environment, or None when the cache is off."""
    chosen = os.environ.get("DAPOLICY_CACHE", "")
    if chosen.strip().lower() == OFF:
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dapolicy"


def cache_key(*parts: str) -> str:
    """The entry name for what `parts` name (for a ruleset: its digest and the name it is shown by), under this
    Python and this code of the package."""
    hasher = hashlib.sha256("\0".join((_MAGIC, __version__, sys.version, _code_fingerprint(), *parts)).encode("utf-8"))
    return hasher.hexdigest()


def file_fingerprint(files: list[Path]) -> str:
    """A digest of each file's name, size and modification time (not its contents: reading them is slower)."""
    hasher = hashlib.sha256()
    for file in files:
        status = file.stat()
        hasher.update(f"\0{file}\0{status.st_size}\0{status.st_mtime_ns}".encode("utf-8"))
    return hasher.hexdigest()


def read_entry(key: str) -> Any | None:
    """The object stored under `key`, or None if there is none or it cannot be read (a corrupt entry is a miss)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with open(folder / f"{key}.pickle", "rb") as stream:
            magic, stored_key, value = pickle.load(stream)
    except Exception:  # a missing, truncated, corrupt or foreign file: compile instead, and overwrite it
        return None
    return value if (magic, stored_key) == (_MAGIC, key) else None


def write_entry(key: str, value: Any) -> None:
    """Store `value` under `key` atomically; a folder that cannot be written is silently not used."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        data = dumps((_MAGIC, key, value))
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, folder / f"{key}.pickle")
        except BaseException:
            os.unlink(temporary)
            raise
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return
    _prune(folder)


def _prune(folder: Path) -> None:
    """Remove the entries written longest ago beyond MAX_ENTRIES (another process may remove one first: fine)."""
    try:
        entries = [(entry.stat().st_mtime_ns, entry) for entry in folder.glob("*.pickle")]
    except OSError:
        return
    if len(entries) <= MAX_ENTRIES:
        return
    for _, entry in sorted(entries)[: len(entries) - MAX_ENTRIES]:
        try:
            entry.unlink()
        except OSError:
            pass


def dumps(value: Any) -> bytes:
    """Pickle `value`, read-only mappings (`MappingProxyType`) included."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, MappingProxyType: _reduce_proxy}
    pickler.dump(value)
    return buffer.getvalue()


def loads(data: bytes) -> Any:
    """Unpickle what `dumps` wrote."""
    return pickle.loads(data)


def read_only(items: Mapping[Any, Any]) -> MappingProxyType:
    """A read-only view of a new dict of `items` (how a pickled MappingProxyType is rebuilt)."""
    return MappingProxyType(dict(items))


def _reduce_proxy(proxy: MappingProxyType) -> tuple:
    return read_only, (dict(proxy),)


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """The fingerprint of the package's modules: an install writes every module anew, and an edited checkout (an
    editable install keeps its version) then never reads entries an older compiler wrote."""
    return file_fingerprint(sorted([*_PACKAGE.glob("*.py"), *_PACKAGE.glob("model/*.py")]))
