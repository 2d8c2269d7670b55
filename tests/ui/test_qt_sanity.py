"""The Qt binding itself: PySide6 6.12.0 leaked a reference to True on each emit from Python.

On Python 3.11 that aborts the interpreter ("bool_dealloc") after a few hundred emits, i.e. while
a clerk types a stack of feedback forms. pyproject pins PySide6 below 6.12; this test fails if an
upgrade brings the leak back.
"""

import gc
import sys

import pytest
from PySide6.QtCore import QObject, Signal

pytestmark = pytest.mark.gui


class _Emitter(QObject):
    value = Signal(object)
    bare = Signal()


def test_emitting_signals_does_not_leak_references_to_true(qapp):
    emitter = _Emitter()
    received = []
    emitter.value.connect(received.append)
    emitter.bare.connect(lambda: received.append(None))
    # With the collector paused, nothing else in the process can drop references to True while
    # we count (another test's garbage being collected would, and made an earlier version flaky).
    gc.collect()
    gc.disable()
    try:
        before = sys.getrefcount(True)
        for i in range(500):
            emitter.value.emit(i)
            emitter.bare.emit()
        after = sys.getrefcount(True)
    finally:
        gc.enable()
    assert len(received) == 1000
    assert after >= before
