"""The meeting on real devices (Debian's Chromium through Playwright).

- The phone is another network host: the test makes a network namespace with a veth pair and addresses of its
  own, and the phone's Chromium runs inside it (launched through `ip netns exec`, driven over CDP on a pipe).
  As in local mode's sturdier shape, the app listens twice: for the phones on the host side of the veth only
  (RASP_LISTENER=questionnaire), and for the facilitator on loopback, its links pointing at the phones' listener
  (RASP_PUBLIC_URL). The phone opens the address decoded from the QR code the presenter view shows (zxing-cpp),
  answers the pulse, and the projector updates without a reload; the pulse shows nothing per person at 1 and 2
  answers and the room pooled at 3.
- Every presenter screen of an 8-council partnership, at 1920x1080 and 1366x768: no scrolling, nothing outside
  the window or its chart, and (at 1920 wide) no chart text under 20 px, read from the rendered SVG text.

Without root or the `ip` command the namespace test is skipped with the reason (in CI, where CI is set, it fails).
"""

from __future__ import annotations

import fcntl
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Browser, Error, Page, expect

from rasp.core.framework import Framework
from rasp.intake.importer import import_bytes
from rasp.meeting.online import submit
from rasp.store.collection import create_link, find_link, start_draft
from rasp.store.engine import make_engine
from tests.browser import CHROMIUM_ARGS, PAGE_TIMEOUT_MS, AppServer, chromium_path, open_page, settle, svg_texts
from tests.helpers import COUNCILS, PARTNERSHIP, ROUND, filled, set_up

pytestmark = pytest.mark.browser
MIN_TEXT_PX = 20.0


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}, and CI is set, where the phone test must run.", pytrace=False)
    pytest.skip(reason)


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=20)


@contextmanager
def phone_network() -> Iterator[tuple[str, str, str]]:
    """A network namespace joined to this machine by a veth pair: (namespace, host address, phone address).
    Its addresses are a /30 of its own; everything is removed afterwards."""
    if os.geteuid() != 0:
        _skip_or_fail("not running as root, so no network namespace can be made for the phone")
    if shutil.which("ip") is None:
        _skip_or_fail("the `ip` command (iproute2) is missing, so no network namespace can be made for the phone")
    tag = os.getpid() % 100_000
    ns, host_if, phone_if = f"rasp-phone-{tag}", f"rph{tag}", f"rpp{tag}"
    try:
        # test runs in parallel (pytest-xdist workers) choose and take their addresses one at a time
        with open(Path(tempfile.gettempdir()) / "rasp-phone-network.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            taken = subprocess.run(["ip", "-4", "-o", "addr"], capture_output=True, text=True, timeout=20).stdout
            third = next(n for n in [*range(tag % 250, 250), *range(0, 250)] if f"10.231.{n}." not in taken)
            host, phone = f"10.231.{third}.1", f"10.231.{third}.2"
            _ip("netns", "add", ns)
            _ip("link", "add", host_if, "type", "veth", "peer", "name", phone_if)
            _ip("link", "set", phone_if, "netns", ns)
            _ip("addr", "add", f"{host}/30", "dev", host_if)
        _ip("link", "set", host_if, "up")
        _ip("-n", ns, "addr", "add", f"{phone}/30", "dev", phone_if)
        _ip("-n", ns, "link", "set", phone_if, "up")
        _ip("-n", ns, "link", "set", "lo", "up")
        yield ns, host, phone
    finally:
        subprocess.run(["ip", "netns", "del", ns], capture_output=True, timeout=20)
        subprocess.run(["ip", "link", "del", host_if], capture_output=True, timeout=20)


def launch_phone(host_browser: Browser, ns: str, workdir: Path) -> Browser:
    """Chromium inside the namespace: a wrapper runs it through `ip netns exec`; Playwright talks CDP to it over
    the pipe it opens (inherited through the exec), so nothing listens on any address."""
    wrapper = workdir / "chromium-in-namespace"
    wrapper.write_text(f'#!/bin/sh\nexec ip netns exec {ns} {chromium_path()} "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return host_browser.browser_type.launch(executable_path=str(wrapper), headless=True, args=CHROMIUM_ARGS)


def decode_qr(png: bytes) -> str:
    import zxingcpp

    with Image.open(io.BytesIO(png)) as picture:
        found = zxingcpp.read_barcodes(picture.convert("RGB"))
    assert len(found) == 1, f"expected one QR code, found {len(found)}"
    return str(found[0].text)


def _pulse(engine: Any, fw: Framework, token: str, council: str, answer: str) -> None:
    link = find_link(engine, token)
    assert link is not None
    values = {"about": {"Council": council}, "answers": {s.id: answer for s in fw.pulse().statements}}
    assert submit(engine, fw, link, start_draft(engine, link, values), values).ok


def test_a_phone_on_another_host_scans_the_code_and_answers(browser: Browser, fw: Framework, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'meeting.db'}"
    engine = make_engine(url)
    set_up(engine)
    for i, council in enumerate(COUNCILS[:2]):
        assert import_bytes(
            engine, fw, filled(fw, council=council, every=2 + i), f"{i}.xlsx", partnership=PARTNERSHIP
        ).ok
    link = create_link(engine, PARTNERSHIP, ROUND, kind="pulse")
    with phone_network() as (ns, host, _phone_address):
        phone_browser = launch_phone(browser, ns, tmp_path)
        env = {"RASP_DATABASE_URL": url, "RASP_DEMO": "0"}
        (tmp_path / "phones").mkdir()
        (tmp_path / "staff").mkdir()
        # Local mode's sturdier shape (BRIEF section 6): a network-facing listener for the questionnaire on the host
        # side of the veth, and the staff app on loopback whose links point at it through RASP_PUBLIC_URL.
        listener = {**env, "RASP_LISTENER": "questionnaire"}
        with AppServer(tmp_path / "phones", listener, address=host) as phones:
            staff_env = {**env, "RASP_PUBLIC_URL": phones.url.rstrip("/")}
            with AppServer(tmp_path / "staff", staff_env) as app, app.explain(), phones.explain():
                _meeting(browser, phone_browser, app, phones, engine, fw, link.token)
        phone_browser.close()
    engine.dispose()


def _meeting(
    browser: Browser, phone_browser: Browser, app: AppServer, phones: AppServer, engine: Any, fw: Framework, token: str
) -> None:
    """The facilitator's projector on this machine, a phone on the other host."""
    projector = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    open_page(projector, app, "8_Presenter_view.py", "Join in")  # the link is open: join first
    settle(projector)
    qr = projector.locator(".st-key-p_join_qr img")
    expect(qr).to_be_visible()
    scanned = decode_qr(qr.screenshot())
    expected = f"{phones.url}Questionnaire?link={token}"
    assert scanned == expected and phones.address not in app.url  # not localhost: the phones' address
    expect(projector.locator(".st-key-p_join .rasp-join-address")).to_have_text(expected.removeprefix("http://"))
    assert not projector.get_by_text("No phone can reach").count()
    counts = projector.locator(".st-key-p_join .rasp-count")
    expect(counts).to_have_text("0 answers sent · 0 people answering now")
    projector.evaluate("() => { window.__sameDocument = true; }")
    phone = phone_browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    # the phone is another host: the app is not on its localhost, only at the address it scanned
    phone.goto("about:blank")
    assert phone.evaluate(
        """async port => { try { await fetch(`http://127.0.0.1:${port}/_stcore/health`); return false; }
                           catch (e) { return true; } }""",
        phones.port,
    ), "the phone reached the app on its own localhost: it is not another host"
    phone.goto(scanned, wait_until="domcontentloaded")
    expect(phone.locator("h2").filter(has_text="Your view now")).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    settle(phone)
    _thumb_sized(phone)
    box = phone.get_by_role("combobox", name="Your council", exact=True)
    box.click()
    phone.keyboard.type(COUNCILS[2])
    phone.keyboard.press("Enter")
    settle(phone)
    expect(counts).to_have_text("0 answers sent · 1 person answering now", timeout=PAGE_TIMEOUT_MS)

    phone.get_by_role("button", name="Next").click()  # nothing answered yet: asked once, naming each
    summary = phone.get_by_role("alert").filter(has_text="There is a problem")
    expect(summary).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    gaps = summary.get_by_role("link")
    expect(gaps).to_have_count(len(fw.dimensions))
    first = fw.pulse().statements[0]
    expect(gaps.first).to_contain_text(first.id)
    # the summary takes the focus in the same script that makes its links move the thumb: once it has the focus,
    # a tap on a link is handled (before that, a busy phone may not have run the script yet)
    expect(summary).to_be_focused(timeout=PAGE_TIMEOUT_MS)
    settle(phone)  # and the run that drew it has finished: nothing redraws under the tap
    expect(summary).to_be_focused()
    gaps.first.click()  # takes the thumb to that statement
    _expect_focus_inside(phone, f"w_answers_{first.id}")
    for i in range(len(fw.dimensions)):
        phone.get_by_role("radiogroup").nth(i).get_by_text("4 - Agree").click()
        settle(phone)
    phone.get_by_role("button", name="Next").click()
    expect(phone.locator("h2").filter(has_text="Check and send")).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    settle(phone)  # the new step opens at its top, its heading focused
    phone.wait_for_function(
        "() => document.querySelector('[data-testid=\"stMain\"]').scrollTop === 0", timeout=PAGE_TIMEOUT_MS
    )
    assert phone.evaluate("() => document.activeElement && document.activeElement.tagName") == "H2"
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_text("Thank you: your answers have been sent.")).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    expect(phone.get_by_role("button", name="Send my answers")).to_have_count(0)  # nothing to send twice

    # the projector updates on its own, without a reload
    expect(counts).to_have_text("1 answer sent · 0 people answering now", timeout=PAGE_TIMEOUT_MS)
    assert projector.evaluate("() => window.__sameDocument === true"), "the presenter page was reloaded"

    # the pulse rule on the projector: nothing per person at 1 and 2 answers, the room pooled at 3
    projector.reload()
    settle(projector)
    projector.get_by_text("Show the results").click()
    settle(projector)
    while (title := projector.locator("h1").first.inner_text()) != "The room's pulse":
        _next_screen(projector, title)
    said = projector.locator(".st-key-p_main")
    expect(said).to_contain_text("1 person has answered the pulse. The room's view is shown once 3")
    expect(said.locator('[data-testid="stPlotlyChart"]')).to_have_count(0)
    _pulse(engine, fw, token, COUNCILS[0], "2 - Disagree")
    expect(said).to_contain_text("2 people have answered the pulse.", timeout=PAGE_TIMEOUT_MS)
    expect(said.locator('[data-testid="stPlotlyChart"]')).to_have_count(0)
    _pulse(engine, fw, token, COUNCILS[0], "5 - Strongly agree")
    expect(said).to_contain_text("3 people have answered the pulse.", timeout=PAGE_TIMEOUT_MS)
    rows = projector.locator(".st-key-p_main .js-plotly-plot .yaxislayer-above text")
    expect(rows.first).to_be_attached(timeout=PAGE_TIMEOUT_MS)
    labels = svg_texts(projector, ".st-key-p_main .js-plotly-plot .yaxislayer-above text")
    assert labels == ["The room (all councils)"], labels  # no council has 3 answers: no council row


def _expect_focus_inside(page: Page, key: str) -> None:
    """Keyboard focus is on a control inside the widget with this key; if not, say where the focus is."""
    try:
        page.wait_for_function(
            "key => !!document.activeElement && !!document.activeElement.closest('.st-key-' + key)",
            arg=key,
            timeout=PAGE_TIMEOUT_MS,
        )
    except Error as exc:
        where = page.evaluate("() => document.activeElement ? document.activeElement.outerHTML.slice(0, 300) : null")
        raise AssertionError(f"the focus is not inside {key}: it is on {where!r}") from exc


def _next_screen(page: Page, title: str) -> None:
    """Move on as a presentation clicker does (it sends Page Down) and wait for the next screen's title."""
    page.locator("h1").first.click()  # focus on the page, not on a control that would take the key itself
    page.keyboard.press("PageDown")
    expect(page.locator("h1").first).not_to_have_text(title, timeout=PAGE_TIMEOUT_MS)
    settle(page)


def _thumb_sized(phone: Page) -> None:
    """Every answer and button the thumb uses is at least 44 px tall."""
    heights = phone.evaluate(
        """() => Array.from(document.querySelectorAll(
            'div[role="radiogroup"] label, [data-testid="stBaseButton-primary"], [data-testid="stBaseButton-secondary"]'
        )).filter(e => e.getBoundingClientRect().width > 0).map(e => e.getBoundingClientRect().height)"""
    )
    assert heights and min(heights) >= 44, min(heights)


EIGHT = [
    "Northvale District Council",
    "Eastmoor Borough Council",
    "Ashby City Council",
    "Westbrook County Council",
    "Riverside Borough Council",
    "Southgate Town Council",
    "Kingsmere Metropolitan Borough Council",
    "Highfield and Lowdale District Council",
]


@pytest.fixture(scope="module")
def eight_councils(tmp_path_factory: pytest.TempPathFactory, fw: Framework) -> Path:
    """A partnership of 8 councils (two long names), two returns each that disagree somewhere, partner ratings,
    targets two rungs apart, three pulse answers, and an open link."""
    path = tmp_path_factory.mktemp("eight") / "eight.db"
    engine = make_engine(f"sqlite:///{path}")
    set_up(engine, councils=EIGHT)
    for i, council in enumerate(EIGHT):
        partners = {c: (1 + (i + j) % 5, 1 + (i * j) % 5) for j, c in enumerate(EIGHT) if c != council}
        for k, every in enumerate((1 + i % 5, 1 + (3 * i + 2) % 5)):
            data = filled(
                fw,
                council=council,
                respondent=f"r{k}",
                every=every,
                councils=EIGHT,
                partners=partners,
                about={"Target form of sharing": f"{2 + (i + k) % 4}"},
            )
            assert import_bytes(engine, fw, data, f"{i}-{k}.xlsx", partnership=PARTNERSHIP).ok
    pulse = create_link(engine, PARTNERSHIP, ROUND, kind="pulse")
    for council, answer in zip(EIGHT[:3], ("2 - Disagree", "4 - Agree", "5 - Strongly agree"), strict=True):
        _pulse(engine, fw, pulse.token, council, answer)
    engine.dispose()
    return path


def _measure(page: Page) -> dict[str, Any]:
    """Scroll sizes, the smallest chart text and any text outside the window or its chart's SVG."""
    return dict(
        page.evaluate(
            """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            const texts = Array.from(document.querySelectorAll('.js-plotly-plot svg.main-svg text'))
                .filter(t => t.textContent.trim() && t.getBoundingClientRect().width > 0);
            const out = [];
            for (const t of texts) {
                const r = t.getBoundingClientRect();
                const svg = t.closest('svg.main-svg').getBoundingClientRect();
                const inside = r.left >= svg.left - 1 && r.right <= svg.right + 1 && r.top >= svg.top - 1
                    && r.bottom <= svg.bottom + 1;
                const seen = r.left >= -1 && r.top >= -1 && r.right <= innerWidth + 1 && r.bottom <= innerHeight + 1;
                if (!inside || !seen) out.push(t.textContent.trim());
            }
            return {
                scroll: main.scrollHeight, client: main.clientHeight,
                page: document.documentElement.scrollHeight, height: innerHeight,
                sizes: texts.map(t => parseFloat(getComputedStyle(t).fontSize)),
                clipped: out,
            };
        }"""
        )
    )


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768)], ids=["1920x1080", "1366x768"])
def test_every_presenter_screen_fits_the_projector(
    browser: Browser, eight_councils: Path, tmp_path: Path, size: tuple[int, int]
) -> None:
    shutil.copy(eight_councils, tmp_path / "eight.db")
    env = {
        "RASP_DATABASE_URL": f"sqlite:///{tmp_path / 'eight.db'}",
        "RASP_DEMO": "0",
        "RASP_PUBLIC_URL": "http://rasp.test",
    }
    width, height = size
    with AppServer(tmp_path, env) as app, app.explain():
        page = browser.new_context(viewport={"width": width, "height": height}).new_page()
        open_page(page, app, "8_Presenter_view.py", "Join in")
        page.get_by_text("Show the results").click()
        settle(page)
        seen = []
        for _ in range(10):
            page.mouse.move(width - 5, height - 5)  # no tooltip over the screen
            settle(page)
            title = page.locator("h1").first.inner_text()
            if title not in {"Join in", "What to do next"}:  # wait until plotly has drawn the chart's text
                page.wait_for_function(
                    """() => Array.from(document.querySelectorAll('.st-key-p_main .js-plotly-plot svg.main-svg text'))
                        .some(t => t.textContent.trim() && t.getBoundingClientRect().width > 0)""",
                    timeout=PAGE_TIMEOUT_MS,
                )
                page.wait_for_timeout(300)  # plotly lays the chart out once more after drawing it
            m = _measure(page)
            shot = tmp_path / f"presenter-{width}x{height}-{len(seen) + 1}.png"
            page.screenshot(path=shot)
            with Image.open(shot) as picture:
                assert picture.size == (width, height)
            assert m["scroll"] <= m["client"] + 1 and m["page"] <= m["height"] + 1, (title, m["scroll"], m["page"])
            assert not m["clipped"], (title, m["clipped"][:5])
            if width == 1920 and m["sizes"]:
                assert min(m["sizes"]) >= MIN_TEXT_PX, (title, min(m["sizes"]))
            seen.append((title, len(m["sizes"])))
            if page.get_by_role("button", name="Next ▶").is_disabled():
                break
            _next_screen(page, title)
        titles = [t for t, _ in seen]
        assert titles == [
            "Join in",
            "Where we are",
            "Where we differ",
            "Consensus or split",
            "Can we reach our target?",
            "What we trust",
            "The room's pulse",
            "What to do next",
        ]
        assert all(n > 0 for t, n in seen if t not in {"Join in", "What to do next"}), seen  # charts drawn
