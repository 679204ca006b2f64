"""SQLite store: one module per table group; see :mod:`console.store.database`."""
