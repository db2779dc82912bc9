"""Shared fixtures: the default framework, a fresh SQLite file per test, tidy answer tables by hand."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import Browser
from sqlalchemy import Engine

from rasp.core.framework import Framework, load_framework
from rasp.store.engine import make_engine
from tests.postgres import PostgresServer, start_postgres

# Tests never load the demo into a database unless they ask for it.
os.environ.setdefault("RASP_DEMO", "0")


def _scan_installed_components_once() -> None:
    """Every new AppTest looks through the metadata of every installed package for Streamlit components (about
    0.45 s each time here, most of a page test's time); a server does it once at start. The installed packages do
    not change during a test run, so the first scan's answer is kept for the rest of the process."""
    import functools

    from streamlit.components.v2 import manifest_scanner

    manifest_scanner.scan_component_manifests = functools.cache(manifest_scanner.scan_component_manifests)  # type: ignore[assignment]


_scan_installed_components_once()


@pytest.fixture(autouse=True, scope="module")
def _release_app_resources() -> Iterator[None]:
    """After each test module, Streamlit's resource cache lets go of what the pages made in this process: their
    engines are disposed (rasp.ui.app._engine), so no database connection is left to the garbage collector."""
    yield
    import streamlit as st

    st.cache_resource.clear()


@pytest.fixture(scope="session")
def fw() -> Framework:
    return load_framework()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory, fw: Framework) -> Path:
    """A SQLite file holding the demo partnership (built once per test run through the real import path).
    Copy it before writing to it."""
    from rasp.intake.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    eng = make_engine(f"sqlite:///{path}")
    build_demo(eng, fw)
    eng.dispose()
    return path


@pytest.fixture(scope="session")
def large_demo_db(tmp_path_factory: pytest.TempPathFactory, fw: Framework) -> Path:
    """A SQLite file holding the 40-council demo partnership (rasp.intake.demo.build_large_demo), built once per
    test run. Copy it before writing to it."""
    from rasp.intake.demo import build_large_demo

    path = tmp_path_factory.mktemp("large-demo") / "large.db"
    eng = make_engine(f"sqlite:///{path}")
    build_large_demo(eng, fw)
    eng.dispose()
    return path


@pytest.fixture
def demo_engine(demo_db: Path, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a private copy of the demo database."""
    import shutil

    copy = tmp_path / "demo-copy.db"
    shutil.copy(demo_db, copy)
    eng = make_engine(f"sqlite:///{copy}")
    yield eng
    eng.dispose()


# Test modules whose `db_url` / `engine` tests run on both stores: SQLite and a real PostgreSQL server.
BOTH_STORES = {
    "test_import",
    "test_online",
    "test_rounds",
    "test_actions",
    "test_concurrency",
    "test_migrations",
    "test_store",
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "store" in metafunc.fixturenames and metafunc.module.__name__.rsplit(".", 1)[-1] in BOTH_STORES:
        metafunc.parametrize("store", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def store(request: pytest.FixtureRequest) -> str:
    """Which store a test runs on: "sqlite" unless its module is in BOTH_STORES (then both, in turn)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A private PostgreSQL server for the whole test run (initdb in a temporary folder, 127.0.0.1 only)."""
    server = start_postgres()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def db_url(store: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A fresh, empty database: a SQLite file, or a new database on the test PostgreSQL server."""
    if store == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres")
        return server.new_database()
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


def answers_frame(fw: Framework, rows: dict[tuple[int, str], dict[str, list[object]]]) -> pd.DataFrame:
    """Build a tidy answers table: {(return_id, council): {dimension: [six answers]}}. Each answer is 1-5,
    'dk' for Don't know or None for blank. Dimensions not given are all blank."""
    records = []
    for (rid, council), dims in rows.items():
        for d in fw.dimensions:
            given = dims.get(d.id, [None] * len(d.statements))
            for s, a in zip(d.statements, given, strict=True):
                status = "answered" if isinstance(a, int) else ("dont_know" if a == "dk" else "blank")
                records.append(
                    {
                        "return_id": rid,
                        "council": council,
                        "respondent": f"r{rid}",
                        "statement": s.id,
                        "dimension": d.id,
                        "value": float(a) if isinstance(a, int) else float("nan"),
                        "status": status,
                    }
                )
    return pd.DataFrame(records)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium through Playwright, one per test module (skipped, or failed in CI, without it)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import chromium_path, launch_chromium

    chromium_path()  # skip (or fail in CI) before anything starts
    with sync_playwright() as pw:
        chromium = launch_chromium(pw)
        try:
            yield chromium
        finally:
            chromium.close()
