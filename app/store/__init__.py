"""The store: peewee models over one SQLite file, opening, migrations, backup, check and lock."""
