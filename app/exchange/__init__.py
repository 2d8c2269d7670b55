"""Excel in and out (openpyxl). Reads untrusted files defensively; writes plain rows."""
