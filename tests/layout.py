"""Layout checks read from the rendered page: overlapping text in a chart's SVG, tables wider than their box.

- `chart_overlaps(page)` lists, per plotly chart, every pair of SVG text boxes that overlap (by more than a
  pixel each way) and every text box that sticks out of its chart. Hover labels are left out (empty until
  hovered); each multi-line label is one box.
- `cut_tables(page)` lists every Streamlit dataframe whose columns are wider than the frame it is drawn in (a
  horizontal scrollbar: some column is cut off).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from tests.browser import show_everything

OVERLAPS_JS = """
() => {
  const out = [];
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const title = ((plot.querySelector('.gtitle') || {}).textContent || '(untitled)').trim();
    const frame = plot.querySelector('svg.main-svg').getBoundingClientRect();
    const boxes = [];
    for (const t of plot.querySelectorAll('svg text')) {
      if (t.closest('.hoverlayer')) continue;
      const s = (t.textContent || '').trim();
      if (!s) continue;
      const st = getComputedStyle(t);
      if (st.display === 'none' || st.visibility === 'hidden' || Number(st.opacity) === 0) continue;
      if (t.closest('[style*="opacity: 0"]')) continue;
      const r = t.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) continue;
      boxes.push({s, r});
    }
    for (const b of boxes) {
      if (b.r.left < frame.left - 1 || b.r.right > frame.right + 1 || b.r.top < frame.top - 1 ||
          b.r.bottom > frame.bottom + 1) {
        out.push({chart: title, kind: 'outside', a: b.s, b: ''});
      }
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i].r, b = boxes[j].r;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (w > 1 && h > 1) out.push({chart: title, kind: 'overlap', a: boxes[i].s, b: boxes[j].s});
      }
    }
  }
  return out;
}
"""

CUT_TABLES_JS = """
() => Array.from(document.querySelectorAll('[data-testid="stDataFrame"]')).flatMap(frame => {
  const scroller = frame.querySelector('.dvn-scroller');
  if (!scroller) return [];
  const header = Array.from(frame.querySelectorAll('table[role="grid"] thead th'), th => (th.textContent || '').trim());
  return scroller.scrollWidth > scroller.clientWidth + 1
    ? [{columns: header, needed: scroller.scrollWidth, shown: scroller.clientWidth}] : [];
})
"""


def chart_overlaps(page: Page) -> list[dict[str, Any]]:
    return list(page.evaluate(OVERLAPS_JS))


def cut_tables(page: Page) -> list[dict[str, Any]]:
    return list(page.evaluate(CUT_TABLES_JS))


def screenshot_folder() -> Path | None:
    """The folder RASP_SCREENSHOTS names (made if needed), or None: screenshots cost time and CI reads none."""
    wanted = os.environ.get("RASP_SCREENSHOTS")
    if not wanted:
        return None
    folder = Path(wanted)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def check_layout(page: Page, page_file: str, shots: Path | None, label: str, checked: bool = True) -> None:
    """On a page that has settled and drawn its charts: a screenshot of the window (if `shots`), then every
    expander opened (the window grows taller, never wider) and a screenshot of the whole page; then no chart text
    overlaps or sticks out and no table is cut off (unless `checked` is False)."""
    page.wait_for_timeout(300)  # plotly lays text out a frame after the SVG appears
    stem = f"{label}-{Path(page_file).stem}"
    width = page.viewport_size["width"] if page.viewport_size else 0
    if shots is not None:
        page.screenshot(path=str(shots / f"{stem}-{width}.png"))
    show_everything(page)
    page.wait_for_timeout(300)
    if shots is not None:
        page.screenshot(path=str(shots / f"{stem}-whole.png"), full_page=True)
    if not checked:
        return
    overlaps = chart_overlaps(page)
    assert not overlaps, f"{page_file}: chart text overlaps or sticks out: {overlaps[:10]}"
    cut = cut_tables(page)
    assert not cut, f"{page_file}: tables wider than the page: {cut}"
