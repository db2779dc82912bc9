"""The schema comes from Alembic migrations, on SQLite and PostgreSQL alike; the migrations describe exactly the
tables the code uses; an operator can run them alone (`python -m rasp migrate`, plain `alembic upgrade head`)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, exc, func, insert, inspect, select, text

from rasp.core.errors import SetupError
from rasp.store.engine import alembic_config, build_engine, head_revision, make_engine, migration_transaction
from rasp.store.schema import councils, metadata, partnerships, returns, rounds

ROOT = Path(__file__).resolve().parent.parent


def test_migrated_database_matches_the_code(db_url: str) -> None:
    engine = make_engine(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert diff == [], f"the migrations and rasp/store/schema.py disagree: {diff}"
    assert version == head_revision() == "0004"
    make_engine(db_url).dispose()  # running again changes nothing
    engine.dispose()


def test_a_database_made_before_migrations_is_stamped_not_recreated(db_url: str) -> None:
    old = create_engine(db_url)
    cfg = alembic_config()
    with old.begin() as conn:  # the schema of revision 0001, as metadata.create_all made it before migrations
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.execute(text("DROP TABLE alembic_version"))
    with old.begin() as conn:
        conn.execute(text("INSERT INTO partnerships (name, created_at) VALUES ('Kept', '2026-01-01 00:00:00')"))
    old.dispose()
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM partnerships")).scalars().all() == ["Kept"]
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head_revision()
        assert conn.execute(text("SELECT mode FROM partnerships")).scalar_one() == "in-confidence"
    assert "alembic_version" in inspect(engine).get_table_names()
    engine.dispose()


def _env(db_url: str, **extra: str) -> dict[str, str]:
    return {**os.environ, "RASP_DATABASE_URL": db_url, "RASP_DEMO": "0", **extra}


def test_operator_migrates_with_alembic_or_the_cli_and_app_processes_only_check(db_url: str) -> None:
    # With RASP_AUTO_MIGRATE=0 an app process refuses an unmigrated database, in plain words.
    os.environ["RASP_AUTO_MIGRATE"] = "0"
    try:
        with pytest.raises(SetupError, match=r"revision none \(empty database\).*python -m rasp migrate"):
            make_engine(db_url)
    finally:
        del os.environ["RASP_AUTO_MIGRATE"]
    # Plain Alembic, from the top of the repository, reading RASP_DATABASE_URL.
    run = subprocess.run(
        [sys.executable, "-m", "alembic", "upgrade", "head"],
        cwd=ROOT,
        env=_env(db_url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "Running upgrade 0002 -> 0003" in run.stderr
    current = subprocess.run(
        [sys.executable, "-m", "alembic", "current"], cwd=ROOT, env=_env(db_url), capture_output=True, text=True
    )
    assert f"{head_revision()} (head)" in current.stdout
    # The app's own command: nothing left to do.
    again = subprocess.run(
        [sys.executable, "-m", "rasp", "migrate"], cwd=ROOT, env=_env(db_url), capture_output=True, text=True
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == f"The database schema is up to date (revision {head_revision()})."
    make_engine(db_url, auto_migrate=False).dispose()  # now an app process that only checks starts


def test_the_cli_migrates_an_empty_database(db_url: str) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "rasp", "migrate"], cwd=ROOT, env=_env(db_url), capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert (
        run.stdout.strip() == f"Migrated the database schema from revision none (empty database) to {head_revision()}."
    )


def test_migration_0003_settles_duplicates_a_race_left_behind(db_url: str) -> None:
    """A database at 0002 holding what racing writers used to leave on PostgreSQL: two current returns of one
    respondent and two current copies of one file. After 0003 the newest counts and points the older ones to it."""
    engine = build_engine(db_url)
    cfg = alembic_config()
    with migration_transaction(engine) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    now = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)
    with engine.begin() as conn:
        pid = conn.execute(insert(partnerships).values(name="P", created_at=now)).inserted_primary_key[0]
        cid = conn.execute(insert(councils).values(partnership_id=pid, name="C", created_at=now)).inserted_primary_key[
            0
        ]
        rid = conn.execute(insert(rounds).values(partnership_id=pid, name="R", created_at=now)).inserted_primary_key[0]
        common = {
            "partnership_id": pid,
            "council_id": cid,
            "round_id": rid,
            "role": "",
            "framework_id": "f",
            "framework_version": "1",
            "uploaded_at": now,
            "is_current": True,
            "filename": "",
            "uploaded_by": "",
        }
        rows = [
            {"respondent": "Ann", "respondent_key": "ann", "source": "excel", "sha256": "a1"},
            {"respondent": "Ann", "respondent_key": "ann", "source": "online", "sha256": "a2"},
            {"respondent": "Ann", "respondent_key": "ann", "source": "pulse", "sha256": "a3"},  # a pulse: kept
            {"respondent": "", "respondent_key": "", "source": "excel", "sha256": "same"},
            {"respondent": "", "respondent_key": "", "source": "excel", "sha256": "same"},
            {"respondent": "", "respondent_key": "", "source": "excel", "sha256": "other"},
        ]
        ids = [conn.execute(insert(returns).values(**common, **row)).inserted_primary_key[0] for row in rows]
    engine.dispose()
    engine = make_engine(db_url)
    with engine.connect() as conn:
        got = {
            r.id: (r.is_current, r.replaced_by)
            for r in conn.execute(select(returns.c.id, returns.c.is_current, returns.c.replaced_by))
        }
        assert conn.execute(select(func.count()).select_from(returns).where(returns.c.is_current)).scalar_one() == 4
    assert got == {
        ids[0]: (False, ids[1]),
        ids[1]: (True, None),
        ids[2]: (True, None),
        ids[3]: (False, ids[4]),
        ids[4]: (True, None),
        ids[5]: (True, None),
    }
    engine.dispose()


def test_the_audit_log_refuses_changes_and_deletions(db_url: str) -> None:
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO audit_log (at, who, action, detail) VALUES ('2026-01-01', 'a@b.uk', 'x', '')"))
    for statement in ("UPDATE audit_log SET who = 'someone else'", "DELETE FROM audit_log"):
        with pytest.raises(exc.DatabaseError, match="append-only"), engine.begin() as conn:
            conn.execute(text(statement))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT who FROM audit_log")).scalars().all() == ["a@b.uk"]
    engine.dispose()
