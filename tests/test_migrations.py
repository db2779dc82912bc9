"""The schema comes from Alembic migrations, and the migrations describe exactly the tables the code uses."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from rasp.store.engine import make_engine
from rasp.store.schema import metadata


def test_migrated_database_matches_the_code(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert diff == [], f"the migrations and rasp/store/schema.py disagree: {diff}"
    assert version == "0001"
    make_engine(f"sqlite:///{tmp_path / 'm.db'}").dispose()  # running again changes nothing
    engine.dispose()


def test_a_database_made_before_migrations_is_stamped_not_recreated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    old = create_engine(url)
    metadata.create_all(old)
    with old.begin() as conn:
        conn.execute(text("INSERT INTO partnerships (name, created_at) VALUES ('Kept', '2026-01-01 00:00:00')"))
    old.dispose()
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM partnerships")).scalars().all() == ["Kept"]
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0001"
    assert "alembic_version" in inspect(engine).get_table_names()
    engine.dispose()
