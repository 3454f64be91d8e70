"""The playground in a real browser (issue 14): Playwright drives Debian's Chromium (never a downloaded browser)
against `dapolicy serve` on loopback. A typo in the ruleset shows its located error as the officer types; an
example case, filled in through the form, shows its deadline. A screenshot is kept in build/ (out of git).

Without Chromium (`/usr/bin/chromium`, or `$CHROMIUM`) the tests are skipped, unless `DAPOLICY_REQUIRE_BROWSER`
is set, as `.ci/run` sets it after installing Chromium: there a missing browser fails them."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# As the machine's own notes say Chromium must start here: no sandbox as root, no network of its own.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip

if not Path(CHROMIUM).exists():
    if os.environ.get("DAPOLICY_REQUIRE_BROWSER"):
        raise RuntimeError(f"Chromium not found at {CHROMIUM}: .ci/run installs Debian's chromium package")
    pytest.skip("Chromium is not installed (apt-get install chromium), or set $CHROMIUM", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    """`dapolicy serve` on a free loopback port, for the module's tests."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "dapolicy", "serve", "--port", str(port)],
                              cwd=tmp_path_factory.mktemp("serve"), stderr=subprocess.PIPE)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{url}/v1/policies", timeout=1).close()
            break
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(server.stderr.read().decode()) from None
            time.sleep(0.1)
    yield url
    server.terminate()
    server.wait(10)


@pytest.fixture(scope="module")
def page(service):
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        page.goto(service)
        page.wait_for_selector("body[data-ready=yes]", timeout=30_000)
        yield page
        browser.close()


def test_a_typo_in_the_ruleset_shows_its_line_and_column_as_the_officer_types(page):
    page.wait_for_selector("#ruleset-status.ok", timeout=30_000)
    text = page.input_value("#ruleset")
    line = next(number for number, written in enumerate(text.splitlines(), 1) if "when:" in written)
    page.fill("#ruleset", text.replace("when:", "whne:", 1))
    problem = page.wait_for_selector("#problems li:has-text(\"unknown key 'whne'\")", timeout=30_000)
    shown = problem.inner_text()
    assert f"line {line}, column 5" in shown
    assert "whne:" in shown and "^" in shown  # the line as written, with a caret under the mistake
    assert "does not load" in page.inner_text("#ruleset-status")
    page.fill("#ruleset", text)
    page.wait_for_selector("#ruleset-status.ok", timeout=30_000)


def test_an_example_case_shows_its_deadline(page):
    page.select_option("select[data-path=report_source]", "survivor")
    page.select_option("select[data-path=relationship]", "spouse")
    page.check("input[data-known=behaviours]")
    page.check("input[data-member=behaviours][value=physical]")
    page.fill("input[data-path='survivor.age']", "34")
    page.select_option("select[data-path='survivor.is_customer']", "yes")
    page.fill("input[data-path='perpetrator.age']", "37")
    page.fill("input[data-path=reported_at]", "2026-12-18T16:30")
    page.click("#evaluate")
    row = page.wait_for_selector("#decision tr:has-text('contact_survivor')", timeout=30_000)
    words = row.inner_text()
    assert "must" in words and "by 23:59 on Monday 21 December 2026" in words
    assert "Clause 3.2" in words
    assert "yes under the policy's definition" in page.inner_text("#domestic-abuse")
    screenshots = REPO / "build"
    screenshots.mkdir(exist_ok=True)
    page.screenshot(path=str(screenshots / "playground.png"), full_page=True)


def test_a_fact_left_unknown_leaves_its_actions_waiting(page):
    page.click("#clear-case")
    page.select_option("select[data-path='survivor.is_customer']", "yes")
    page.click("#evaluate")
    page.wait_for_selector("#domestic-abuse:has-text(\"unknown under the policy's definition\")", timeout=30_000)
    assert "relationship" in page.inner_text("#decision")


def test_the_compare_view_shows_differences_with_witnesses(page):
    page.click("#show-compare")
    page.select_option("#compare-left", "statutory")
    page.select_option("#compare-right", "hpg")
    page.click("#compare")
    page.wait_for_selector("#comparison table", timeout=60_000)
    assert "differences." in page.inner_text("#comparison")
    page.click("#show-evaluate")
