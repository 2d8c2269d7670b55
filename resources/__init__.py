"""Fonts and catalogues shipped with the program; installed as the package ``app.resources`` (see setup.py)."""
