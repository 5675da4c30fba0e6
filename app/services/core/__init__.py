"""The engine: database and unit of work, clock, settings, errors, accounts, audit trail, backups, and the
composition root."""
