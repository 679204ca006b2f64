from __future__ import annotations

from pathlib import Path

from console.store.database import Database, registered_migrations


def test_fresh_database_reaches_latest_version(tmp_path: Path) -> None:
    db = Database(tmp_path / "console.sqlite3")
    latest = registered_migrations()[-1].version
    assert db.user_version == latest
    mode = db.connection().execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    db.close()


def test_reopening_does_not_rerun_migrations(tmp_path: Path) -> None:
    path = tmp_path / "console.sqlite3"
    db = Database(path)
    with db.transaction() as conn:
        conn.execute("INSERT INTO meta(key, value) VALUES ('k', 'v')")
    db.close()
    again = Database(path)
    assert again.connection().execute("SELECT value FROM meta WHERE key='k'").fetchone()[0] == "v"
    again.close()


def test_failed_transaction_rolls_back(tmp_path: Path) -> None:
    db = Database(tmp_path / "console.sqlite3")
    try:
        with db.transaction() as conn:
            conn.execute("INSERT INTO meta(key, value) VALUES ('a', '1')")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert db.connection().execute("SELECT count(*) FROM meta").fetchone()[0] == 0
    db.close()


def test_every_table_module_is_listed_for_its_migrations() -> None:
    """A new module in console/store registers its migrations only when it is listed."""
    import console.store
    from console.store.database import TABLE_MODULES

    folder = Path(console.store.__file__).parent
    modules = {p.stem for p in folder.glob("*.py")} - {"__init__", "database"}
    assert set(TABLE_MODULES) == modules
