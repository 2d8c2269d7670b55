"""Vietnamese for the texts Qt itself puts on screen: message-box and button-box buttons, the
file and print dialogs (Qt's own, used on Linux; Windows shows its native ones, in the language of
Windows), the edit menus of text fields.

Qt ships no ``qtbase_vi.qm``; the program ships its own, ``resources/translations/qt_vi.qm``,
compiled from ``qt_vi.ts`` by ``packaging/qt_translations.py`` (PySide6's lrelease).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from app.paths import resources_dir

log = logging.getLogger(__name__)

QM_NAME = "qt_vi.qm"


def translation_file() -> Path:
    return resources_dir() / "translations" / QM_NAME


_installed: QTranslator | None = None


def install() -> QTranslator:
    """Load the shipped translation and install it once for the running application (a missing or
    broken file leaves Qt's English and says so in the log)."""
    global _installed
    if _installed is None:
        translator = QTranslator()
        if not translator.load(str(translation_file())):
            log.warning("Qt translation not loaded: %s", translation_file())
        QCoreApplication.installTranslator(translator)
        _installed = translator
    return _installed
