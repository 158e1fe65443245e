"""Persistence behind one small interface: `Store` (SQLite by default, PostgreSQL for scale)."""

from bot.store.db import DatabaseError, Store, create_store

__all__ = ["DatabaseError", "Store", "create_store"]
