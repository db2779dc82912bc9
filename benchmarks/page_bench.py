"""How fast the pages answer and how much memory the app holds, each against its own baseline in one run.

    .venv/bin/python benchmarks/page_bench.py                      # all three parts
    .venv/bin/python benchmarks/page_bench.py --skip-national      # reruns and first render only (about 1 min)
    .venv/bin/python benchmarks/page_bench.py --national-db /tmp/national.db   # reuse a scale_data.py file

1. **Reruns (AppTest).** Each data page on the demo partnership, run once (caches filled), then rerun
   `--reruns` times; against an empty page (`st.title` only) rerun the same way in the same process. Goal:
   a data page's rerun <= 3x the empty page's. For reference, a replica of the overview (its words, tables,
   figure, menu and pickers, drawn from data pickled from one run, no app logic) shows what Streamlit alone
   costs for those elements, and the overview is given against it too.
2. **First render (Chromium).** `streamlit run` of the overview on the demo partnership, of a baseline
   page with the same kinds of elements and no app logic (a title, some text, one plotly bar chart of seven
   bars, one seven-row table) and of the overview's replica (above), each on its own loopback port with the
   project's `.streamlit/config.toml`. One unmeasured visit warms each server; then `--renders` rounds visit
   the three in turn, each in a fresh browser context (empty cache), timed from `goto` until the h1, the
   chart's SVG and the table are in the page and the script run has ended. Goal: overview <= 1.3x the
   baseline; the overview against its replica is printed too.
3. **Memory at national scale.** `streamlit run` on a `scale_data.py` database (400 councils x 25
   respondents x 42 statements x 3 rounds; made in a temporary folder unless `--national-db` is given).
   One browser session opens the overview (latest round) and then picks the two earlier rounds in the
   sidebar; the server's resident memory (VmRSS) is read from /proc after start-up and after each round,
   and its high-water mark (VmHWM). Goal: 600 MB with three rounds cached. Then, harder, every analysis
   page (compare, gaps, consensus, ambition, trust) is opened in each round in turn, and memory read again.
4. **Analysis against load at national scale.** In the benchmark's own process: `read_round` of the latest
   national round (the store's one read transaction) against `compute_snapshot` of what it read.

Timings are medians of wall-clock time; the machine is shared, so compare the ratios of one run.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA_PAGES = [
    "dashboard.py",
    "pages/2_Compare_councils.py",
    "pages/3_Alignment_gaps.py",
    "pages/4_Consensus_or_split.py",
    "pages/5_Ambition_and_readiness.py",
    "pages/6_Trust_between_partners.py",
    "pages/7_Trends.py",
    "pages/8_Presenter_view.py",
]
EMPTY_PAGE = 'import streamlit as st\n\nst.title("Empty page")\n'
SETUP_PAGE = (
    'import streamlit as st\nfrom rasp.ui import page_setup\n\npage_setup("Set-up only")\nst.title("Set-up only")\n'
)
BASELINE_PAGE = '''"""Baseline for the first render: the overview's kinds of elements, no app logic."""
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="Baseline", layout="wide")
st.title("Baseline page")
st.write("Some text about a partnership of councils and how ready they are to share services.")
names = ["Strategy", "Trust", "Compromise", "Culture", "Resources", "Risk", "Governance"]
values = [62.5, 48.0, 71.2, 55.0, 80.1, 44.4, 66.6]
st.plotly_chart(go.Figure(go.Bar(x=names, y=values)), key="bars", theme=None, width="stretch")
st.dataframe(pd.DataFrame({"Dimension": names, "Weakest link": values}), hide_index=True, width="stretch")
'''
# The overview's own elements with no app logic, for the rerun: what Streamlit alone costs for such a page. The
# words, tables and figure are the demo overview's (taken from one AppTest run and pickled); the menu has the
# same shape (4 groups, 17 links among 19 pages) and the sidebar the same pickers and notes.
REPLICA_PAGE = """\"\"\"Rerun baseline: the demo overview's elements from ready-made data, no app logic.\"\"\"
import pickle

import streamlit as st

DATA = {data!r}


@st.cache_resource
def data():
    with open(DATA, "rb") as f:
        return pickle.load(f)


d = data()


def overview():
    st.set_page_config(page_title="Overview (replica)", layout="wide")
    st.html("<style>[data-testid=stMain] a:focus-visible {{outline: 3px solid #0b0c0c}}</style>")
    st.info("You are looking at demo data: the councils and answers are fictional.")
    st.title("Overview")
    st.write(d["intro"])
    st.header(d["header"])
    cols = st.columns(3)
    for col, (label, value) in zip(cols, d["metrics"]):
        col.metric(label, value)
    st.markdown("#### What stands out")
    for i, (text, label) in enumerate(zip(d["findings"], d["labels"])):
        left, right = st.columns([5, 1], vertical_alignment="center")
        left.markdown(text)
        right.button(label, key=f"finding_{{i}}", width="stretch")
    st.markdown("#### Respondents per council")
    st.dataframe(d["tables"][0], hide_index=True, width="stretch")
    st.markdown("#### The partnership, dimension by dimension")
    st.caption("The weakest link is the lowest council score.")
    st.plotly_chart(d["figure"], key="overview_bars", theme=None, width="stretch")
    config = {{name: st.column_config.Column(width=100) for name in d["tables"][1].columns}}
    st.dataframe(d["tables"][1], hide_index=True, width="stretch", column_config=config)
    st.page_link(pages[1], label="Compare councils on a radar and heatmap")
    st.page_link(pages[2], label="See where councils are apart")


def other():
    st.title("Another page")


pages = [st.Page(overview, title="Overview", default=True)]
pages += [st.Page(other, title=f"Page {{i}}", url_path=f"page_{{i}}") for i in range(1, 19)]
current = st.navigation(pages, position="hidden")
with st.sidebar:
    with st.container(key="rasp_menu"):
        for group, (start, end) in enumerate(((0, 8), (8, 11), (11, 13), (13, 17))):
            st.markdown(f"**Group {{group + 1}}**")
            for page in pages[start:end]:
                st.page_link(page, label=page.title)
    st.info("**Local mode**: no sign-in is set up, so this computer acts as the administrator.")
    st.selectbox("Partnership", [d["partnership"]], key="_pick_partnership")
    st.selectbox("Round", d["rounds"], index=len(d["rounds"]) - 1, key="_pick_round")
    st.caption("Framework: the default framework, version 1.0.0")
current.run()
"""
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-proxy-server",
]
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
RENDERED = (
    "h1:visible >> nth=0",
    '[data-testid="stPlotlyChart"] .main-svg >> nth=0',
    '[data-testid="stDataFrame"] >> nth=0',
)
_LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))
GOALS = {"rerun": 3.0, "render": 1.3, "memory_mb": 600.0}


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


# ---------------------------------------------------------------- 1. reruns


def demo_database(folder: Path) -> str:
    from rasp.core.framework import load_framework
    from rasp.intake.demo import build_demo
    from rasp.store.engine import make_engine

    url = f"sqlite:///{folder / 'demo.db'}"
    engine = make_engine(url)
    build_demo(engine, load_framework(None))
    engine.dispose()
    return url


REPLICA = "overview's elements, no app logic"


def overview_replica(folder: Path) -> Path:
    """Write REPLICA_PAGE and its data (the demo overview's words, tables and figure, from one AppTest run)."""
    import plotly.graph_objects as go
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300).run()
    if at.exception:
        raise SystemExit(f"the overview failed under AppTest: {at.exception[0].value}")
    markdown = [m.value for m in at.main.markdown]
    data = {
        "intro": markdown[0],
        "header": at.header[0].value,
        "metrics": [(m.label, m.value) for m in at.metric],
        "findings": [m for m in markdown if m.startswith("- ")],
        "labels": [b.label for b in at.main.button],
        "tables": [frame.value for frame in at.dataframe],
        "figure": go.Figure(json.loads(at.get("plotly_chart")[0].proto.spec)),
        "partnership": at.selectbox[0].value,
        "rounds": list(at.selectbox[1].options),
    }
    (folder / "replica.pkl").write_bytes(pickle.dumps(data))
    script = folder / "replica_page.py"
    script.write_text(REPLICA_PAGE.format(data=str(folder / "replica.pkl")))
    return script


def rerun_times(reruns: int, folder: Path) -> list[tuple[str, float, float]]:
    """(page, median rerun ms, ratio to the empty page) per page, the empty page first. Every page is run once
    (caches filled), then the reruns go round all pages in turn, so a change in the machine's load touches
    every page alike."""
    from streamlit.testing.v1 import AppTest

    empty_file, setup_file = folder / "empty_page.py", folder / "setup_page.py"
    empty_file.write_text(EMPTY_PAGE)
    setup_file.write_text(SETUP_PAGE)

    def page(file: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
        if file != "dashboard.py":
            at.switch_page(file)
        return at

    tests = {
        "empty page (st.title only)": AppTest.from_file(str(empty_file), default_timeout=60),
        "page_setup only (sidebar pickers, no data)": AppTest.from_file(str(setup_file), default_timeout=60),
        REPLICA: AppTest.from_file(str(overview_replica(folder)), default_timeout=60),
    } | {file: page(file) for file in DATA_PAGES}
    samples: dict[str, list[float]] = {name: [] for name in tests}
    for name, at in tests.items():
        at.run()
        if at.exception:
            raise SystemExit(f"{name} failed under AppTest: {at.exception[0].value}")
    for _ in range(reruns):
        for name, at in tests.items():
            start = time.perf_counter()
            at.run()
            samples[name].append(time.perf_counter() - start)
    empty = median_ms(samples["empty page (st.title only)"])
    return [(name, median_ms(s), median_ms(s) / empty) for name, s in samples.items()]


# ---------------------------------------------------------------- servers and browser


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def streamlit_server(script: Path, env: dict[str, str], log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`streamlit run script` on a free loopback port, from the project folder (its config.toml applies)."""
    port = _free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    with log.open("ab") as err:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env={**os.environ, **env}, stdin=subprocess.DEVNULL, stdout=err, stderr=err
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"streamlit did not start; see {log}")
            try:
                with _LOCAL.open(url + "_stcore/health", timeout=2) as resp:
                    if resp.read().strip() == b"ok":
                        break
            except OSError:
                time.sleep(0.2)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    path = shutil.which("chromium")
    if path is None:
        raise SystemExit("Debian's chromium is not installed (apt-get install chromium).")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def first_render(browser: object, url: str, timeout_ms: float = 120_000) -> float:
    """Seconds from goto to the h1, the chart's SVG and the table shown and the run ended (fresh context)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    try:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        for selector in RENDERED:
            page.wait_for_selector(selector, state="attached", timeout=timeout_ms)
        page.wait_for_selector(APP_IDLE, state="attached", timeout=timeout_ms)
        return time.perf_counter() - start
    finally:
        context.close()


def render_times(renders: int, folder: Path, demo_url: str) -> list[tuple[str, float, float]]:
    """Median first render of the minimal baseline, the overview's replica and the overview, each with its
    ratio to the minimal baseline; the overview against the replica is printed by the caller."""
    baseline_file = folder / "baseline_page.py"
    baseline_file.write_text(BASELINE_PAGE)
    replica_file = folder / "replica_page.py"
    if not replica_file.exists():
        overview_replica(folder)
    env = {"RASP_DATABASE_URL": demo_url, "RASP_DEMO": "0", "PYTHONUNBUFFERED": "1"}
    with (
        streamlit_server(baseline_file, env, folder / "baseline.log") as (base_url, _),
        streamlit_server(replica_file, env, folder / "replica.log") as (replica_url, _),
        streamlit_server(ROOT / "dashboard.py", env, folder / "overview.log") as (app_url, _),
        chromium() as browser,
    ):
        urls = {"base": base_url, "replica": replica_url, "app": app_url}
        for url in urls.values():
            first_render(browser, url)  # warm-up visits: imports, caches
        times: dict[str, list[float]] = {name: [] for name in urls}
        for _ in range(renders):
            for name, url in urls.items():
                times[name].append(first_render(browser, url))
    b, r, a = (median_ms(times[name]) for name in ("base", "replica", "app"))
    return [
        ("baseline page (title, text, plotly bars, table)", b, 1.0),
        (REPLICA, r, r / b),
        ("overview (dashboard.py)", a, a / b),
    ]


# ---------------------------------------------------------------- 3. memory at national scale


def _status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


class _Rows(list[tuple[str, float, float]]):
    """Rows printed as they come, so a run that fails half-way still shows what it measured."""

    def append(self, row: tuple[str, float, float]) -> None:
        super().append(row)
        name, mb, secs = row
        print(f"{name:<44} {mb:>7.0f} {'' if secs != secs else f'{secs:7.1f}':>7}", flush=True)


def national_memory(db: Path, folder: Path) -> list[tuple[str, float, float]]:
    from benchmarks.scale_data import PARTNERSHIP, ROUNDS

    env = {"RASP_DATABASE_URL": f"sqlite:///{db}", "RASP_DEMO": "0", "PYTHONUNBUFFERED": "1"}
    rows = _Rows()
    log = Path(os.environ.get("PAGE_BENCH_LOG", folder / "national.log"))
    with streamlit_server(ROOT / "dashboard.py", env, log) as (url, proc), chromium() as browser:
        rows.append(("after start-up", _status_mb(proc.pid, "VmRSS"), float("nan")))
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()  # type: ignore[attr-defined]
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        header = page.get_by_role("heading", name=f"{PARTNERSHIP}, round {ROUNDS[-1]}")
        header.wait_for(timeout=600_000)
        page.wait_for_selector(APP_IDLE, state="attached", timeout=600_000)
        rows.append((f"overview, {ROUNDS[-1]}", _status_mb(proc.pid, "VmRSS"), time.perf_counter() - start))
        for name in reversed(ROUNDS[:-1]):
            start = time.perf_counter()
            _pick_round(page, name)
            rows.append((f"overview, {name}", _status_mb(proc.pid, "VmRSS"), time.perf_counter() - start))
        rows.append(("high-water mark (VmHWM)", _status_mb(proc.pid, "VmHWM"), float("nan")))
        for name in reversed(ROUNDS):  # then every analysis page of each round, each round in a new session
            start = time.perf_counter()
            page.goto(url, wait_until="commit")
            page.get_by_role("heading", name=f"{PARTNERSHIP}, round {ROUNDS[-1]}").wait_for(timeout=600_000)
            if name != ROUNDS[-1]:
                _pick_round(page, name)
            for title in ANALYSIS_PAGES:
                page.locator('[data-testid="stSidebar"]').get_by_role("link", name=title, exact=True).click()
                page.get_by_role("heading", name=title, exact=True).first.wait_for(timeout=600_000)
                page.wait_for_selector(APP_IDLE, state="attached", timeout=600_000)
            rows.append(
                (
                    f"+ {len(ANALYSIS_PAGES)} analysis pages, {name}",
                    _status_mb(proc.pid, "VmRSS"),
                    time.perf_counter() - start,
                )
            )
        rows.append(("high-water mark (VmHWM)", _status_mb(proc.pid, "VmHWM"), float("nan")))
    return rows


ANALYSIS_PAGES = [
    "Compare councils",
    "Alignment gaps",
    "Consensus or split",
    "Ambition and readiness",
    "Trust between partners",
]


def _pick_round(page: object, name: str) -> None:
    """Pick a round in the sidebar of the overview and wait for it. A click that lands while a run is still
    being drawn can leave the list closed: it is tried again."""
    from benchmarks.scale_data import PARTNERSHIP

    for _ in range(5):
        page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').nth(1).click()  # type: ignore[attr-defined]
        try:
            page.get_by_role("option", name=name, exact=True).click(timeout=5000)  # type: ignore[attr-defined]
            break
        except Exception:
            page.keyboard.press("Escape")  # type: ignore[attr-defined]
            time.sleep(2)
    page.get_by_role("heading", name=f"{PARTNERSHIP}, round {name}").wait_for(timeout=600_000)  # type: ignore[attr-defined]
    page.wait_for_selector(APP_IDLE, state="attached", timeout=600_000)  # type: ignore[attr-defined]


def national_analysis(db: Path) -> None:
    """In this process: reading one national round from the store against computing everything from it."""
    from benchmarks.scale_data import PARTNERSHIP, ROUNDS
    from rasp.core.framework import load_framework
    from rasp.method.snapshot import compute_snapshot
    from rasp.store.engine import make_engine
    from rasp.store.reads import read_round

    engine, framework = make_engine(f"sqlite:///{db}"), load_framework(None)
    loads, analyses = [], []
    for _ in range(3):
        start = time.perf_counter()
        data = read_round(engine, PARTNERSHIP, ROUNDS[-1])
        loads.append(time.perf_counter() - start)
        start = time.perf_counter()
        compute_snapshot(data, framework)
        analyses.append(time.perf_counter() - start)
    engine.dispose()
    load, analysis = statistics.median(loads), statistics.median(analyses)
    answers = data.answers.memory_usage(deep=True).sum() / 1e6
    print(f"load (read_round, {len(data.answers):,} answers, {answers:.0f} MB)  {load:7.2f} s")
    print(f"analysis (compute_snapshot)                          {analysis:7.2f} s  = {analysis / load:.2f}x the load")


# ---------------------------------------------------------------- report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reruns", type=int, default=15, help="timed reruns per page (default 15)")
    parser.add_argument("--renders", type=int, default=7, help="timed first renders per page (default 7)")
    parser.add_argument("--national-db", type=Path, help="a database made by scale_data.py (else one is made)")
    parser.add_argument("--skip-reruns", action="store_true")
    parser.add_argument("--skip-render", action="store_true")
    parser.add_argument("--skip-national", action="store_true")
    args = parser.parse_args()
    load_before = os.getloadavg()
    os.chdir(ROOT)  # AppTest reads the project's .streamlit/config.toml from here
    with tempfile.TemporaryDirectory(prefix="page-bench-") as tmp:
        folder = Path(tmp)
        demo_url = demo_database(folder)
        os.environ["RASP_DATABASE_URL"] = demo_url
        os.environ["RASP_DEMO"] = "0"
        if not args.skip_reruns:
            print(f"\n1. Rerun (AppTest), median of {args.reruns}; goal <= {GOALS['rerun']}x the empty page")
            print(f"{'page':<44} {'rerun ms':>9} {'x empty':>8}")
            times = rerun_times(args.reruns, folder)
            for name, ms, ratio in times:
                print(f"{name:<44} {ms:>9.1f} {ratio:>7.1f}x", flush=True)
            ms_of = {name: ms for name, ms, _ in times}
            print(
                f"the overview (dashboard.py) against its own elements with no app logic: "
                f"{ms_of['dashboard.py'] / ms_of[REPLICA]:.2f}x"
            )
        if not args.skip_render:
            print(f"\n2. First render (Chromium), median of {args.renders}; goal <= {GOALS['render']}x the baseline")
            print(f"{'page':<50} {'render ms':>9} {'x base':>7}")
            renders = render_times(args.renders, folder, demo_url)
            for name, ms, ratio in renders:
                print(f"{name:<50} {ms:>9.0f} {ratio:>6.2f}x", flush=True)
            print(f"the overview against its own elements with no app logic: {renders[2][1] / renders[1][1]:.2f}x")
        if not args.skip_national:
            db = args.national_db
            if db is None:
                from benchmarks.scale_data import generate

                db = folder / "national.db"
                start = time.perf_counter()
                generate(f"sqlite:///{db}").dispose()
                print(f"\n(national database made in {time.perf_counter() - start:.0f} s, not measured)")
            print(f"\n3. App memory at national scale (streamlit run, RSS); goal <= {GOALS['memory_mb']:.0f} MB")
            print(f"{'moment':<44} {'RSS MB':>7} {'page s':>7}")
            national_memory(db, folder)
            print("\n4. Analysis against load at national scale (one round, median of 3)")
            national_analysis(db)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    print(
        f"\nPython {platform.python_version()}, {os.cpu_count()} cores, commit {commit.strip()}, "
        f"load average {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after"
    )


if __name__ == "__main__":
    main()
