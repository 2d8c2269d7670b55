"""Keyboard shortcuts shown where the user looks: menu items show theirs by Qt; a button says its
key in its tooltip, "Xem trước và in (Ctrl+P)", written the way the system writes keys."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QWidget

Key = QKeySequence | QKeySequence.StandardKey | str


def key_text(key: Key) -> str:
    """The key as the user reads it ("Ctrl+N", "F5"); the first one when a standard key has several."""
    sequence = key if isinstance(key, QKeySequence) else QKeySequence(key)
    if isinstance(key, QKeySequence.StandardKey):
        bindings = QKeySequence.keyBindings(key)
        sequence = bindings[0] if bindings else sequence
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


def show_key(widget: QWidget, key: Key, tip: str = "") -> str:
    """Give ``widget`` the tooltip "what it does (key)": ``tip``, else its tooltip, else its text."""
    text = tip or widget.toolTip()
    if not text and isinstance(widget, QAbstractButton):
        text = widget.text().replace("&", "").rstrip("…").strip()
    shown = f"{text} ({key_text(key)})"
    widget.setToolTip(shown)
    return shown
