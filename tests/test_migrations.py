"""The schema comes from Alembic migrations, and the migrations describe exactly the tables the code uses."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, exc, inspect, text

from rasp.store.engine import MIGRATIONS, make_engine
from rasp.store.schema import metadata


def test_migrated_database_matches_the_code(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert diff == [], f"the migrations and rasp/store/schema.py disagree: {diff}"
    assert version == "0002"
    make_engine(f"sqlite:///{tmp_path / 'm.db'}").dispose()  # running again changes nothing
    engine.dispose()


def test_a_database_made_before_migrations_is_stamped_not_recreated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = create_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with old.begin() as conn:  # the schema of revision 0001, as metadata.create_all made it before migrations
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(text("DROP TABLE alembic_version"))
    with old.begin() as conn:
        conn.execute(text("INSERT INTO partnerships (name, created_at) VALUES ('Kept', '2026-01-01 00:00:00')"))
    old.dispose()
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM partnerships")).scalars().all() == ["Kept"]
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0002"
        assert conn.execute(text("SELECT mode FROM partnerships")).scalar_one() == "in-confidence"
    assert "alembic_version" in inspect(engine).get_table_names()
    engine.dispose()


def test_the_audit_log_refuses_changes_and_deletions(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO audit_log (at, who, action, detail) VALUES ('2026-01-01', 'a@b.uk', 'x', '')"))
    for statement in ("UPDATE audit_log SET who = 'someone else'", "DELETE FROM audit_log"):
        with pytest.raises(exc.DatabaseError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT who FROM audit_log")).scalars().all() == ["a@b.uk"]
    engine.dispose()
