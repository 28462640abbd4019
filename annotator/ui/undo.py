"""Undo: thin ``QUndoCommand`` adapters over the core's edit operations.

One user gesture = one operation = one transaction = one undo entry. ``redo`` applies the
operation through the workspace and keeps the inverse it returns; ``undo`` applies that
inverse (and keeps *its* inverse for the next redo). Note typing merges consecutive edits of
the same claim's note into one entry. GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from annotator.domain.errors import AnnotatorError
from annotator.services.workspace import Workspace

if TYPE_CHECKING:  # types only: the taxonomy service loads with its dialog; the operations
    # with the first edit (see services.workspace)
    from annotator.domain.operations import ChangeSet, Operation
    from annotator.services.taxonomy import Taxonomy, TaxonomySnapshot

NOTE_MERGE_ID = 1001


class OperationCommand(QUndoCommand):
    def __init__(
        self,
        workspace: Workspace,
        operation: Operation,
        text: str,
        on_change: Callable[[ChangeSet], None],
        on_refused: Callable[[AnnotatorError], None] | None = None,
    ) -> None:
        super().__init__(text)
        self._workspace = workspace
        self._forward: Operation = operation
        self._backward: Operation | None = None
        self._on_change = on_change
        self._on_refused = on_refused
        self.error: AnnotatorError | None = None

    def redo(self) -> None:
        """Apply. A refused first application (bad input: nothing was written) marks the
        command obsolete, so ``QUndoStack.push`` drops it; the caller reads ``error``.
        Exceptions must not escape: this runs inside Qt's C++ ``push``."""
        try:
            changes, self._backward = self._workspace.apply(self._forward)
        except AnnotatorError as exc:
            self.error = exc
            self.setObsolete(True)
            return
        self._on_change(changes)

    def undo(self) -> None:
        """Apply the inverse. If the claim changed elsewhere meanwhile (an edit conflict),
        nothing is written; ``on_refused`` tells the window, which shows the message and
        the current data (Qt has moved its index already)."""
        assert self._backward is not None
        try:
            changes, self._forward = self._workspace.apply(self._backward)
        except AnnotatorError as exc:
            self.error = exc
            if self._on_refused is not None:
                self._on_refused(exc)
            return
        self._on_change(changes)

    def id(self) -> int:
        from annotator.domain.operations import UpdateClaim

        op = self._forward
        if isinstance(op, UpdateClaim) and [name for name, _ in op.fields] == ["note"]:
            return NOTE_MERGE_ID
        return -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Typing in the note: keep this entry's undo (the note before typing began) and
        take the other's latest text as the redo."""
        from annotator.domain.operations import UpdateClaim

        if not isinstance(other, OperationCommand) or other.id() != NOTE_MERGE_ID:
            return False
        mine, theirs = self._forward, other._forward
        if not (isinstance(mine, UpdateClaim) and isinstance(theirs, UpdateClaim)):
            return False
        if mine.claim_id != theirs.claim_id:
            return False
        self._forward = theirs
        # Undo restores the note from before the typing, expecting the version the last
        # keystroke wrote (each keystroke was saved, and stamped, as it was typed).
        if isinstance(self._backward, UpdateClaim) and isinstance(other._backward, UpdateClaim):
            self._backward = replace(self._backward,
                                     expected_version=other._backward.expected_version)
        return True


class BatchCommand(QUndoCommand):
    """Several operations as one undo step applied in one transaction each way
    (:meth:`Workspace.apply_all`): all or nothing, and the views refresh once, not once per
    operation (accepting a thousand agreements is one refresh). A refused first
    application wrote nothing and makes the command obsolete (the caller reads ``error``);
    a refused undo or redo wrote nothing and is reported through ``on_refused``."""

    def __init__(
        self,
        workspace: Workspace,
        operations: list[Operation],
        text: str,
        on_change: Callable[[ChangeSet], None],
        on_refused: Callable[[AnnotatorError], None] | None = None,
    ) -> None:
        super().__init__(text)
        self._workspace = workspace
        self._forward = list(operations)
        self._backward: list[Operation] = []
        self._on_change = on_change
        self._on_refused = on_refused
        self._applied_once = False
        self.error: AnnotatorError | None = None

    def _run(self, operations: list[Operation]) -> list[Operation] | None:
        try:
            changes, inverses = self._workspace.apply_all(operations)
        except AnnotatorError as exc:  # must not escape into Qt's C++ push()/undo()/redo()
            self.error = exc
            if not self._applied_once:
                self.setObsolete(True)
            elif self._on_refused is not None:
                self._on_refused(exc)
            return None
        self._applied_once = True
        self._on_change(changes)
        return inverses

    def redo(self) -> None:
        inverses = self._run(self._forward)
        if inverses is not None:
            self._backward = inverses

    def undo(self) -> None:
        inverses = self._run(self._backward)
        if inverses is not None:
            self._forward = inverses


class TaxonomyCommand(QUndoCommand):
    """A taxonomy edit (sources and statuses dialog) made undoable: the catalogue before and
    after it. The edit itself has been applied already when this is pushed, so the first
    ``redo`` does nothing; ``undo`` restores ``before`` and ``redo`` restores ``after``, each
    in one transaction. A refused restore (a source or status it would remove is used by
    claims again) writes nothing and is reported through ``on_refused``."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        before: TaxonomySnapshot,
        after: TaxonomySnapshot,
        text: str,
        on_change: Callable[[], None],
        on_refused: Callable[[AnnotatorError], None] | None = None,
    ) -> None:
        super().__init__(text)
        self._taxonomy = taxonomy
        self._before, self._after = before, after
        # Undo and redo touch only the rows this step changed: a merge or another process
        # may have changed other sources or statuses since, and those stay as they are.
        self._scope = taxonomy.changed_keys(before, after)
        self._on_change = on_change
        self._on_refused = on_refused
        self._pushed = False
        self.error: AnnotatorError | None = None

    def _apply(self, snapshot: TaxonomySnapshot, action: str) -> None:
        """Put this step's rows back as ``snapshot`` has them (one transaction)."""
        self._taxonomy.restore(snapshot, action=action, scope=self._scope)

    def _restore(self, snapshot: TaxonomySnapshot, action: str) -> None:
        try:
            self._apply(snapshot, action)
        except AnnotatorError as exc:  # must not escape into Qt's C++ undo()/redo()
            self.error = exc
            if self._on_refused is not None:
                self._on_refused(exc)
            return
        self._on_change()

    def redo(self) -> None:
        if not self._pushed:  # QUndoStack.push calls redo: the edit is already made
            self._pushed = True
            return
        self._restore(self._after, "redo_taxonomy")

    def undo(self) -> None:
        self._restore(self._before, "undo_taxonomy")


class SourceConflictCommand(TaxonomyCommand):
    """A source conflict of a merge decided in the sources dialog (their version taken, or
    ours kept), made undoable with the catalogue: ``undo`` restores ``before`` and opens the
    conflict again, ``redo`` restores ``after`` and resolves it as ``resolution``, each in
    one transaction (:func:`annotator.services.merging.restore_source_conflict`)."""

    def __init__(
        self,
        workspace: Workspace,
        taxonomy: Taxonomy,
        before: TaxonomySnapshot,
        after: TaxonomySnapshot,
        conflict_id: str,
        resolution: str,
        text: str,
        on_change: Callable[[], None],
        on_refused: Callable[[AnnotatorError], None] | None = None,
    ) -> None:
        super().__init__(taxonomy, before, after, text, on_change, on_refused)
        self._workspace = workspace
        self._conflict_id = conflict_id
        self._resolution = resolution

    def _apply(self, snapshot: TaxonomySnapshot, action: str) -> None:
        from annotator.services import merging

        merging.restore_source_conflict(
            self._workspace, self._taxonomy, snapshot, self._conflict_id,
            resolution=self._resolution if snapshot is self._after else None, action=action,
            scope=self._scope)
