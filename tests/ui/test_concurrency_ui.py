"""Two writers on one workspace (the window and another process or window): changes made
elsewhere appear without a restart, and an edit of a claim changed elsewhere is refused with
a clear message instead of silently overwriting it."""

from __future__ import annotations

from pathlib import Path

from annotator.domain.operations import UpdateClaim
from annotator.services.workspace import Workspace
from tests.ui.test_workbench import _open_window


def test_changes_elsewhere_appear_and_conflicting_edits_are_refused(
    qtbot, db_path: Path  # type: ignore[no-untyped-def]
) -> None:
    workspace = Workspace.open(db_path, editor_name="Window Editor")
    article_id = workspace.articles()[0].id
    claim = workspace.add_claim(article_id, quote="أن مهاجمين أطلقوا عدة صواريخ")
    win = _open_window(qtbot, workspace)
    win.jump_to_claim(claim.id)
    assert win.claim_panel.status.currentData() == "unverified"

    elsewhere = Workspace.open(db_path, editor_name="CLI Editor")
    elsewhere.add_claim(article_id, quote="«رويترز»", status_id="false")
    elsewhere.apply(UpdateClaim(claim.id, (("status_id", "misleading"),)))
    # The window notices the other connection's commits (polled every second).
    qtbot.waitUntil(lambda: win.claim_model.rowCount() == 2, timeout=5000)
    assert win.claim_panel.status.currentData() == "misleading"

    # The window's copy of the claim is current again: editing works.
    win.set_status("true")
    assert workspace.claim(claim.id).status_id == "true"

    # Now another edit lands between the window's last refresh and the editor's keystroke.
    win.external_timer.stop()
    elsewhere.apply(UpdateClaim(claim.id, (("note", "ملاحظة من سطر الأوامر"),)))
    win.set_status("false")
    assert workspace.claim(claim.id).status_id == "true"  # not overwritten
    assert workspace.claim(claim.id).note == "ملاحظة من سطر الأوامر"
    assert win.last_refusal and "CLI Editor" in win.last_refusal
    # The other edit is shown.
    assert win.claim_panel.note.toPlainText() == "ملاحظة من سطر الأوامر"
    elsewhere.close()
