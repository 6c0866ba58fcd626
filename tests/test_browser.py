"""The built report in a real browser: headless Chromium opens the landing page and one
notebook page, takes screenshots, and checks headings, images and the console; axe-core
(through axe-playwright-python, which bundles its script, so no network is needed) checks the
landing page and every notebook page against the WCAG 2.1 A and AA rules.

Skipped, with the reason shown, when no Chromium is installed; `.ci/run` installs Debian's
`chromium` package first, so CI always runs it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nbformat
import pytest

from amm58 import report

REPO = Path(__file__).resolve().parents[1]
REPORTS = REPO / "reports"
CHROMIUM = os.environ.get("AMM58_CHROMIUM") or next(
    (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None
)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]  # axe-core's tags of the WCAG 2.1 A and AA rules
REPORT_PAGES = [REPORTS / "index.html", *sorted((REPORTS / "html").glob("*.html"))]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium not found: install Debian's chromium package "
    "(.ci/run does) or set AMM58_CHROMIUM to a Chromium binary",
)


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh --user-data-dir
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=ARGS, viewport={"width": 1280, "height": 900}
        )
        yield ctx
        ctx.close()


def visit(context, path: Path, shot: Path):
    """Open a local page; return (page, console errors, failed requests)."""
    page = context.new_page()
    errors, failed = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(path.as_uri(), wait_until="load")
    page.screenshot(path=str(shot), full_page=True)
    return page, errors, failed


def broken_images(page) -> list[str]:
    return page.eval_on_selector_all(
        "img",
        "imgs => imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.getAttribute('src').slice(0, 60))",
    )


def test_landing_page_shows_every_notebook_with_its_figure(context, tmp_path):
    page, errors, failed = visit(context, REPORTS / "index.html", tmp_path / "index.png")
    assert page.inner_text("h1") == "amm58: AMM-58 in two interviews"
    titles = page.eval_on_selector_all("h2", "hs => hs.map(h => h.innerText)")
    assert titles[:2] == ["A tour of the AMM-58 interviews dataset", "Themes: what each interview talks about"]
    assert len(titles) == len(list((REPORTS / "html").glob("*.html")))
    assert page.eval_on_selector_all("img", "imgs => imgs.length") == len(titles)
    assert broken_images(page) == []
    assert errors == [] and failed == []
    assert (tmp_path / "index.png").stat().st_size > 10_000


def test_notebook_page_renders_headings_and_figures_offline(context, tmp_path):
    page, errors, failed = visit(context, REPORTS / "html" / "01_themes.html", tmp_path / "themes.png")
    assert page.inner_text("h1").startswith("Themes: what each interview talks about")
    h2 = [t.rstrip("¶").strip() for t in page.eval_on_selector_all("h2", "hs => hs.map(h => h.innerText)")]
    assert h2[0] == "Key findings" and h2[-1] == "Method and caveats"
    assert page.eval_on_selector_all("img", "imgs => imgs.length") == 3  # theme shift, co-occurrence, positions
    nb = nbformat.read(REPO / "notebooks" / "01_themes.ipynb", as_version=4)
    alts = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.alt)")
    assert alts == list(report.figure_alts(nb, "01_themes").values())  # the landing page's, stating the finding
    assert broken_images(page) == []
    assert errors == [] and failed == []


def test_axe_core_script_is_bundled_with_axe_playwright_python():
    from axe_playwright_python.base import AXE_FILE_PATH, AXE_SCRIPT

    assert AXE_FILE_PATH.name == "axe.min.js" and AXE_FILE_PATH.is_file()
    assert AXE_SCRIPT.startswith("/*! axe v4.")  # injected from the package, not fetched


@pytest.mark.parametrize("path", REPORT_PAGES, ids=lambda p: p.relative_to(REPORTS).as_posix())
def test_report_page_has_no_wcag_21_aa_violation_in_axe_core(context, path):
    from axe_playwright_python.sync_playwright import Axe

    page = context.new_page()
    failed = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(path.as_uri(), wait_until="load")
    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options).response
    page.close()
    name = path.relative_to(REPORTS).as_posix()
    found = [
        f"{name}: {v['id']} ({v['impact']}) at {' >> '.join(node['target'])}: {v['help']}"
        + "".join(f"; {check['message']}" for check in node["any"] + node["all"] + node["none"])
        for v in results["violations"]
        for node in v["nodes"]
    ]
    engine = f"axe-core {results['testEngine']['version']}"
    assert found == [], f"{engine}: {len(found)} element(s) violate WCAG 2.1 A/AA rules:\n" + "\n".join(found)
    checked = {r["id"] for r in results["passes"]}
    assert {"color-contrast", "image-alt", "document-title", "html-has-lang"} <= checked  # the rules ran
    assert failed == []
