"""Alembic migrations: the archive's schema, one revision at a time (a package so it ships installed)."""
