"""Child process for the crash tests: edits a workspace for ever, acknowledging each one.

Usage: ``python edit_loop.py DB [--seed N]``. Opens (creating and seeding if needed) the
workspace ``DB``; then, for i = 0, 1, 2, ...: marks a claim over the i-th word span of the
first article with the note ``n<i>`` (one transaction), sets its status (a second
transaction), and only then prints ``ack <i> <claim id> <status>`` and flushes. A line on
stdout is therefore a promise that both changes are committed. The parent kills this
process with SIGKILL at a moment of its choosing.
"""

from __future__ import annotations

import re
import sys

from annotator.domain.operations import UpdateClaim
from annotator.services.workspace import Workspace
from annotator.text.graphemes import is_boundary


def main(argv: list[str]) -> int:
    path = argv[0]
    offset = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 0
    workspace = Workspace.open(path, editor_name=f"crash driver {offset}")
    article = workspace.articles()[-1]
    text = workspace.article(article.id).text
    spans = [
        (m.start(), m.end())
        for m in re.finditer(r"\S+(?: \S+){0,2}", text)
        if is_boundary(text, m.start()) and is_boundary(text, m.end())
    ]
    statuses = [s.id for s in workspace.statuses()]
    print("ready", flush=True)
    i = 0
    while True:
        start, end = spans[(i + offset) % len(spans)]
        claim = workspace.add_claim(article.id, start=start, end=end, note=f"n{i}")
        status = statuses[i % len(statuses)]
        workspace.apply(UpdateClaim(claim.id, (("status_id", status),)))
        print(f"ack {i} {claim.id} {status}", flush=True)
        i += 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
