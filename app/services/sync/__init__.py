"""Desks that work apart and together (issue 21): each desk keeps its own SQLite and syncs through the street's
PostgreSQL. See docs/architecture.md, "Sync between desks"."""
