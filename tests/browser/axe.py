"""Run the vendored axe-core in a Playwright page (tests only: the app never serves it)."""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
BLOCKING = ("critical", "serious")

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(" "))
  }));
}"""


def blocking_violations(page, language: str) -> list[str]:
    """axe-core's critical and serious findings on the open page, once its charts are drawn."""
    assert page.locator("html").get_attribute("lang") == language
    charts = page.locator(".plotly-chart")
    for i in range(charts.count()):
        page.wait_for_selector(f"#{charts.nth(i).get_attribute('id')} .main-svg", state="attached")
    # Evaluated through the DevTools protocol, which the page's Content-Security-Policy (no inline
    # scripts) does not govern; an added <script> tag would be refused by it.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return [
        f"{v['impact']} {v['id']} ({v['help']}): {', '.join(v['nodes'][:5])}"
        for v in page.evaluate(RUN_AXE)
        if v["impact"] in BLOCKING
    ]
