"""The report as one standalone HTML file: interactive charts (plotly.js embedded once), a data table after
every chart, nothing fetched from anywhere, and print CSS that puts each section on its own A4 page.

    build_html(report_content(engine, fw, partnership, round_name)) -> bytes (UTF-8)

Safe by construction: text from users is escaped with rasp.core.safety.html_text, chart data is plotly's escaped
JSON, and a Content-Security-Policy allows only this file's own scripts (by hash) and no network at all.
"""

from __future__ import annotations

from plotly.offline import get_plotlyjs

from rasp.exports import html_sections as first
from rasp.exports import html_sections_analysis as later
from rasp.exports.content import ReportContent
from rasp.exports.html_parts import Builder, Section, esc, script_hash

CSS = """
:root { color: #0b0c0c; background: #ffffff; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.45; margin: 0; }
main { max-width: 960px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 30px; line-height: 1.2; margin: 0 0 8px; }
h2 { font-size: 24px; margin: 0 0 12px; padding-top: 8px; border-top: 4px solid #1d70b8; }
h3 { font-size: 19px; margin: 24px 0 8px; }
section { margin-top: 40px; }
section:first-of-type { margin-top: 0; }
a { color: #1d70b8; }
a:focus { outline: 3px solid #ffdd00; background: #ffdd00; color: #0b0c0c; }
.subtitle, .note { color: #505a5f; }
.note { border-left: 5px solid #1d70b8; padding-left: 12px; }
.findings li { margin-bottom: 6px; }
nav li { padding: 4px 0; }
figure.chart { margin: 16px 0 8px; }
figcaption { font-weight: bold; margin-bottom: 6px; }
.plot { overflow-x: auto; }
.table-wrap { overflow-x: auto; margin: 8px 0 20px; }
table { border-collapse: collapse; font-size: 14px; }
caption { text-align: left; font-weight: bold; padding: 4px 0 6px; }
th, td { border: 1px solid #b1b4b6; padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #f3f2f1; }
tbody th { font-weight: normal; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
@page { size: A4 portrait; margin: 14mm 12mm; }
@media print {
  body { font-size: 11pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  main { max-width: none; padding: 0; }
  section { margin-top: 0; }
  section + section { break-before: page; }
  h2, h3, caption, figcaption { break-after: avoid; }
  figure.chart, .table-wrap.keep, tr, p, li { break-inside: avoid; }
  thead { display: table-header-group; }
  table { font-size: 9pt; }
  th, td { padding: 2px 5px; }
  .plot, .table-wrap { overflow: visible; }
  .plot { zoom: 0.75; }
  a { color: #0b0c0c; text-decoration: none; }
}
"""


def _contents(parts: list[Section]) -> str:
    links = "".join(f'<li><a href="#{s.id}">{esc(s.heading)}</a></li>' for s in parts)
    return f'<nav aria-labelledby="contents"><h3 id="contents">Contents</h3><ol>{links}</ol></nav>\n'


def build_html(content: ReportContent) -> bytes:
    """One standalone HTML report (UTF-8) with every section the pages show, for a browser or for PDF."""
    b = Builder()
    has_data = int(content.snapshot.respondent_counts().sum()) > 0
    parts = [first.summary(content, b, has_data)]
    if has_data:
        parts += [
            first.overview(content, b),
            first.compare(content, b),
            first.apart(content, b),
            later.consensus(content, b),
            later.ambition(content, b),
            later.trust(content, b),
        ]
    parts += [s for s in (later.changes(content, b), later.actions(content, b)) if s is not None]

    body = []
    for i, s in enumerate(parts):
        head = ""
        if i == 0:
            head = f"<h1>{esc(content.title)}</h1>\n" + f'<p class="subtitle">{esc(content.subtitle)}</p>\n'
        extra = _contents(parts[1:]) if i == 0 and len(parts) > 1 else ""
        body.append(
            f'<section id="{s.id}" aria-labelledby="{s.id}-heading">\n{head}'
            f'<h2 id="{s.id}-heading">{esc(s.heading)}</h2>\n{s.body}{extra}</section>\n'
        )
    plotly_js = get_plotlyjs() if b.figures else ""
    scripts = [plotly_js, *b.scripts] if plotly_js else []
    allowed = " ".join(script_hash(s) for s in scripts) or "'none'"
    policy = (
        f"default-src 'none'; script-src {allowed}; style-src 'unsafe-inline'; img-src data:; font-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    head_script = f"<script>{plotly_js}</script>\n" if plotly_js else ""
    document = (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(policy)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(content.title)}</title>\n<style>{CSS}</style>\n{head_script}</head>\n"
        f"<body>\n<main>\n{''.join(body)}</main>\n</body>\n</html>\n"
    )
    return document.encode("utf-8")
