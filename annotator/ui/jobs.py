"""Running a worker QObject on its own thread (imports, exports): the wiring both share.

Contract: call on the GUI thread. The worker is moved to a new QThread whose ``started``
runs ``worker.run``; each (signal, slot) pair in ``connections`` is connected normally (Qt
queues the call into the receiver's thread); each signal in ``ending`` quits the thread
*from the worker thread itself* (a quit queued to a GUI thread that is blocked waiting for
the thread, as when the window closes, would never run); ``on_thread_finished`` runs when
the thread has ended. The caller keeps the returned thread and starts it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Qt, QThread, SignalInstance


def prepare_thread(
    worker: QObject,
    name: str,
    *,
    run: Callable[[], None],
    connections: Iterable[tuple[SignalInstance, Callable[..., object]]],
    ending: Iterable[SignalInstance],
    on_thread_finished: Callable[[], None],
) -> QThread:
    thread = QThread()
    thread.setObjectName(name)
    worker.moveToThread(thread)
    thread.started.connect(run)
    for signal, slot in connections:
        signal.connect(slot)
    for signal in ending:
        signal.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    thread.finished.connect(on_thread_finished)
    return thread
