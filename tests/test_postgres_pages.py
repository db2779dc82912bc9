"""The pages on PostgreSQL: every page runs on the demo partnership held in a real PostgreSQL server, shows the
same numbers as on SQLite, and a first start on an empty PostgreSQL database loads the demo. (test_pages.py runs
every page and flow on SQLite; this is the representative subset on the other store.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from rasp.core.framework import Framework
from rasp.intake.demo import DEMO_PARTNERSHIP, build_demo
from rasp.store.engine import make_engine
from tests.postgres import PostgresServer

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["dashboard.py", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))]
TIMEOUT = 60


@pytest.fixture(scope="module")
def demo_template(postgres: PostgresServer, fw: Framework) -> str:
    """A PostgreSQL database holding the demo (built once through the real import path), copied per test."""
    url = postgres.new_database()
    engine = make_engine(url)
    build_demo(engine, fw)
    engine.dispose()
    return url.rsplit("/", 1)[1]


@pytest.fixture
def pg_demo_url(postgres: PostgresServer, demo_template: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = postgres.new_database(template=demo_template)
    monkeypatch.setenv("RASP_DATABASE_URL", url)
    monkeypatch.setenv("RASP_DEMO", "0")
    yield url


def _run(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    if page != "dashboard.py":
        at.switch_page(page)
    return at.run()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_demo_in_postgresql(pg_demo_url: str, page: str) -> None:
    at = _run(page)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.title, "every page has a title"


def _charts(at: AppTest) -> list[str]:
    return [str(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_compare_page_shows_the_same_numbers_on_both_stores(
    pg_demo_url: str, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_postgres = _run("pages/2_Compare_councils.py")
    monkeypatch.setenv("RASP_DATABASE_URL", f"sqlite:///{demo_db}")
    on_sqlite = _run("pages/2_Compare_councils.py")
    assert not on_postgres.exception and not on_sqlite.exception
    assert len(_charts(on_postgres)) == 2  # the radar and the heatmap, with every score in their data
    assert _charts(on_postgres) == _charts(on_sqlite)


def test_first_start_on_an_empty_postgresql_database_loads_the_demo(
    postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RASP_DATABASE_URL", postgres.new_database())
    monkeypatch.setenv("RASP_DEMO", "1")
    at = _run("dashboard.py")
    assert not at.exception, at.exception
    assert any("demo data" in i.value for i in at.info)
    assert at.sidebar.selectbox[0].value == DEMO_PARTNERSHIP
