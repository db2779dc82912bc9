"""Several identical app processes on one PostgreSQL database: an upload through one process is seen by another
on its next refresh (each process caches by the store's data version, nothing else is shared). Two real
Streamlit servers, a real PostgreSQL server, Debian's Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from rasp.core.framework import Framework
from rasp.intake.importer import import_bytes
from rasp.store.engine import make_engine
from tests.browser import AppServer, assert_no_error_shown, open_page, settle
from tests.helpers import COUNCILS, filled, set_up
from tests.postgres import PostgresServer
from tests.test_browser import heatmap_row, radar_points, upload

pytestmark = pytest.mark.browser
STORED, NEW = COUNCILS[0], COUNCILS[1]


def test_an_upload_in_one_process_is_seen_by_the_other(
    browser: Browser, postgres: PostgresServer, tmp_path: Path, fw: Framework
) -> None:
    url = postgres.new_database()
    engine = make_engine(url)  # the operator's one migration; the app processes below only check the schema
    set_up(engine)
    assert import_bytes(engine, fw, filled(fw, council=STORED, respondent="Ann Stored"), "first.xlsx").ok
    engine.dispose()
    env = {"RASP_DATABASE_URL": url, "RASP_DEMO": "0", "RASP_AUTO_MIGRATE": "0"}
    dims = len(fw.dimensions)
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    with AppServer(tmp_path / "one", env) as one, AppServer(tmp_path / "two", env) as two:
        viewer = browser.new_page(viewport={"width": 1280, "height": 900})
        uploader = browser.new_page(viewport={"width": 1280, "height": 900})
        with one.explain(), two.explain():
            open_page(viewer, two, "2_Compare_councils.py", "Compare councils")
            settle(viewer)
            before = radar_points(viewer)
            assert before[STORED] == dims + 1 and before.get(NEW, 0) == 0, before

            open_page(uploader, one, "1_Upload_returns.py", "Upload returns")
            upload(uploader, {"second.xlsx": filled(fw, council=NEW, respondent="Bo Uploaded")})
            expect(uploader.get_by_test_id("stAlertContentSuccess")).to_contain_text("Stored: the return from Bo")
            assert_no_error_shown(uploader)

            viewer.reload(wait_until="domcontentloaded")  # the other process, on its next refresh
            expect(viewer.locator("h1").first).to_have_text("Compare councils")
            settle(viewer)
            after = radar_points(viewer)
            assert after[NEW] == dims + 1, after
            assert heatmap_row(viewer, 1, dims) == ["75 strength"] * dims
            assert_no_error_shown(viewer)
        viewer.close()
        uploader.close()
