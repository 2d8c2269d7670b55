"""PDF documents with reportlab: plain rows in, PDF bytes out. No database, no Qt."""
