"""axe-core (vendored from npm: tests/browser/assets/axe.min.js, axe-core 4.14.1, MPL-2.0) in a page."""

from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "assets" / "axe.min.js").read_text(encoding="utf-8")
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_violations(page) -> list[dict]:
    """The WCAG 2.1 A/AA and best-practice violations axe finds on the page as it is now."""
    page.wait_for_load_state()  # a tap on a link may have started a navigation that has no document yet
    # Evaluated through the DevTools protocol, so the site's CSP (no inline script) needs no exception.
    page.evaluate(AXE_SOURCE)
    return page.evaluate(
        """async (tags) => (await axe.run(document, {runOnly: {type: "tag", values: tags}})).violations
             .map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(" "))}))""",
        RULES,
    )


def overflows(page) -> bool:
    """Whether the page as it is now scrolls sideways (wider than the viewport)."""
    # A tap on a link returns once the navigation starts; the new document may not exist yet.
    page.wait_for_load_state()
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
