"""Pure rules of the domain: no Qt, no peewee, no imports from the rest of the app."""
