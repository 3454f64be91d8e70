"""The decision log (issue 14): one JSON line for each decision the HTTP service gives, for audit.

Each line holds when the decision was made (UTC), its id (also sent back as the `X-Decision-Id` header), the
ruleset's id, version and digest, the case as it was sent with the facts that could identify a survivor
redacted, and the decision document. Which facts are redacted is configurable (`dapolicy serve --redact`);
docs/server.md lists the default and why.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
from pathlib import Path
from typing import Any, Iterable, Mapping

from .errors import suggest
from .model.vocabulary import FACTS

#: Facts redacted by default: the survivor's and perpetrator's ages and the area narrow a case down to a few
#: households, and the exact report time, joined with a landlord's own records, to one. None of the rest (yes/no
#: facts, enumerations) tells who anyone is.
DEFAULT_REDACTED = ("survivor.age", "perpetrator.age", "area", "reported_at")
REDACTED = "[redacted]"


class DecisionLog:
    """Appends each decision to a JSON Lines file, one line a decision, safe to share between the service's
    threads (each line is written whole, under a lock, and flushed)."""

    def __init__(self, file: Path, redacted: Iterable[str] = DEFAULT_REDACTED):
        self.file = Path(file)
        self.redacted = tuple(redacted)
        for path in self.redacted:
            if path not in FACTS:
                near = suggest(path, FACTS)
                raise ValueError(f"cannot redact {path!r}: not a case fact" + (f" (did you mean {near!r}?)" if near else
                                 "; docs/vocabulary.md lists the facts"))  # fmt: skip
        self._lock = threading.Lock()
        self.file.parent.mkdir(parents=True, exist_ok=True)
        with open(self.file, "a", encoding="utf-8"):  # a log that cannot be written stops the service starting
            pass

    def record(self, policy: Any, case: Mapping[str, Any], decision: Mapping[str, Any]) -> str:
        """Write one decision; its id."""
        decision_id = uuid.uuid4().hex
        entry = {
            "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"),
            "decision_id": decision_id,
            "policy": {"id": policy.id, "version": policy.version, "digest": policy.digest},
            "case": redact(case, self.redacted),
            "decision": decision,
        }
        line = json.dumps(entry, ensure_ascii=False, default=str) + "\n"
        with self._lock, open(self.file, "a", encoding="utf-8") as stream:
            stream.write(line)
        return decision_id


def redact(case: Mapping[str, Any], redacted: Iterable[str]) -> dict[str, Any]:
    """A copy of the case document with each of these facts, where given, replaced by "[redacted]" (so the log
    still shows that it was given)."""
    copy = {key: dict(value) if isinstance(value, Mapping) else value for key, value in case.items()}
    for path in redacted:
        group, _, name = path.rpartition(".")
        holder = copy.get(group) if group else copy
        key = name if group else path
        if isinstance(holder, dict) and holder.get(key) is not None:
            holder[key] = REDACTED
    return copy
