"""The reports of SPEC §5 and the periods they cover, as the Báo cáo tab lists them.

They live in :mod:`app.services.reports.catalogue` (the command line's ``report`` uses the same
list); this module keeps the names the GUI imports.
"""

from app.services.reports.catalogue import (
    PERIOD_KINDS,
    REPORT_KINDS,
    TERM_END,
    TERM_START,
    ReportKind,
    period_bounds,
)

__all__ = ["PERIOD_KINDS", "REPORT_KINDS", "TERM_END", "TERM_START", "ReportKind", "period_bounds"]
