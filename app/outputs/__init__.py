"""Composition used by the command line and the window alike: a printout or report by name →
service rows → printing (PDF) or exchange (.xlsx, CSV) → a file written atomically.

- :mod:`app.outputs.printouts`: the class documents of the *In* tab and ``boiduong print``
  (lists, sheets, certificates, feedback forms, the certificate registry).
- :mod:`app.outputs.reports`: the one list of reports (each kind carries the service that
  computes it) for the Báo cáo tab and ``boiduong report``, and their .pdf/.xlsx/.csv files.
- :mod:`app.outputs.files`: writing a file atomically.

This is the only room that imports both ``services`` and ``printing``; services never import
printing, and printing never reads the database. The services are imported at the top; reportlab
and openpyxl (through ``app.printing`` and ``app.exchange``) are imported inside the functions
that render, because the window imports this package while it starts and those libraries
would add a visible delay to the start (``python -m bench startup`` checks that neither is
loaded by the time the main window shows).
"""
