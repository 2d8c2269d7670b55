"""Qt item models over the plain rows of ``app.services.lists``; read-only, one column list each."""
