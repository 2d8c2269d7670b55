"""Field types that normalise text on the way into the database."""

from __future__ import annotations

import unicodedata
from typing import Any

from peewee import CharField, PostgresqlDatabase, TextField

from app.domain.limits import check_field, check_short
from app.domain.text import clean


class CleanCharField(CharField):
    """A short text stored NFC-normalised, trimmed, with inner spaces collapsed; '' → NULL when nullable."""

    def db_value(self, value: Any) -> Any:
        if value is None:
            return None
        text = clean(value)
        if not text and self.null:
            return None
        check_field(self.name, text)  # names <= 100, codes <= 40 (app.domain.limits)
        check_short(self.name, text, self.max_length)  # any other: its column's length, on SQLite too
        return super().db_value(text)


class CleanTextField(TextField):
    """Free text (notes, comments): NFC and trimmed, inner line breaks kept."""

    def db_value(self, value: Any) -> Any:
        if value is None:
            return None
        text = unicodedata.normalize("NFC", str(value)).strip()
        if not text and self.null:
            return None
        check_field(self.name, text)  # reasons, notes, comments <= 1,000 (app.domain.limits)
        return super().db_value(text)


class KeyField(CharField):
    """A key the program derives from a name (its Vietnamese sort key: about three marks a letter,
    over 255 for the longest names), of any length. SQLite's VARCHAR(255) never limited it; on a
    server the column is a VARCHAR without a length (schema step 9)."""

    def get_modifiers(self) -> Any:
        database = self.model._meta.database
        if isinstance(getattr(database, "obj", database), PostgresqlDatabase):
            return None
        return super().get_modifiers()
