"""The audit log: every change, who made it, when, and the row before and after (JSON).

Contract: ``record`` must be called inside the transaction of the change it describes, so
the log and the data never disagree.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from annotator.domain.models import utc_now

# What json.dumps(value, ensure_ascii=False, sort_keys=True) writes, without building a new
# encoder for every row (json.dumps does, whenever an option differs from its defaults).
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def record(
    db: Database,
    *,
    editor_id: str | None,
    action: str,
    entity: str,
    entity_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """Append one audit row (within the caller's transaction)."""
    db.execute(
        "INSERT INTO audit_log (at, editor_id, action, entity, entity_id, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            utc_now(),
            editor_id,
            action,
            entity,
            entity_id,
            None if before is None else _JSON.encode(before),
            None if after is None else _JSON.encode(after),
        ),
    )


def entries(db: Database, entity_id: str | None = None) -> list[dict[str, Any]]:
    """Audit rows, oldest first, optionally for one entity; before/after decoded."""
    sql = "SELECT * FROM audit_log"
    params: list[Any] = []
    if entity_id is not None:
        sql += " WHERE entity_id = ?"
        params.append(entity_id)
    rows = []
    for row in db.query(sql + " ORDER BY id", params):
        for key in ("before", "after"):
            if row[key] is not None:
                row[key] = json.loads(row[key])
        rows.append(row)
    return rows
