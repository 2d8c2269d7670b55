"""Dialogs. Each is built by its constructor and shown by the caller (``open()``), never
``exec()``-ed inside a constructor, so tests can drive them."""
