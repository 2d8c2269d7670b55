"""Spreadsheets in and out. Reads untrusted files defensively; writes plain rows.

The public reading door (issue 13, issue 11 point 6)::

    from app.exchange import read_roster, read_pasted_roster, RosterSheet, RosterRow, OtherRow

``sheets.SheetSource`` is the protocol every format is read into (.xlsx/.xlsm, .xls, .ods, .csv,
pasted text); ``roster_reader`` finds the roster table in one; ``legacy`` converts TCVN3/VNI text;
``roster_template`` writes the template the importer reads perfectly.
"""

from app.exchange.roster_reader import OtherRow, RosterRow, RosterSheet, read_pasted_roster, read_roster, read_table
from app.exchange.sheets import Sheet, SheetSource, open_sheets

__all__ = ["OtherRow", "RosterRow", "RosterSheet", "Sheet", "SheetSource", "open_sheets", "read_pasted_roster",
           "read_roster", "read_table"]
