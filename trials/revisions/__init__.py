"""Curating a trial safely: optimistic locking of its change form (no lost updates)."""
