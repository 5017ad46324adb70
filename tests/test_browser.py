"""The web page: its routes through Flask's test client, then one end-to-end run in a real
headless Chromium against the real app on loopback.

The browser test drives the page as a student would (type, press Solve, open a substep,
make a typo and read where it is) and checks what is on the screen, not the JSON.
It needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them); it
skips, saying why, only when ``/usr/bin/chromium`` is missing. Selenium is told where both
binaries are, so Selenium Manager never tries to download a driver.

``STEPSOLVER_SCREENSHOTS=/some/dir`` keeps the screenshots (desktop and phone width) there
as well as in pytest's temporary directory.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from api import create_app

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ASSETS = ("/", "/static/app.js", "/static/style.css")
TOPIC_EXAMPLES = {  # one example per topic of the issue, at least
    "Derivatives": "derivative of x^2 e^(3x) / sin x",
    "Integrals": "∫_0^1 x^2 dx",
    "Linear algebra": "rref [[1,2],[3,4]]",
    "Probability": "P(X <= 2) where X ~ Poisson(3)",
    "Statistics": "mean of 2, 4, 4, 4, 5, 5, 7, 9",
    "Multivariable": "gradient of x^2 y at (1, 2)",
}


# ----------------------------------------------------------------------- routes, no browser
@pytest.fixture(scope="module")
def client():
    app = create_app({"ISOLATE": False, "WARM": False})
    yield app.test_client()
    app.extensions["stepsolver"].close()


class _Page(HTMLParser):
    """The bits of index.html the tests look at: ids, labels, examples, linked files."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: dict[str, tuple[str, dict]] = {}
        self.labels: set[str] = set()
        self.examples: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids[attrs["id"]] = (tag, attrs)
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if "data-problem" in attrs:
            self.examples.append(attrs["data-problem"])
        for name in ("src", "href"):
            if attrs.get(name) and tag in ("script", "link", "img"):
                self.links.append(attrs[name])


def _get(client, path: str):
    """The response, read and closed (a file-backed body left open is a ResourceWarning)."""
    response = client.get(path)
    response.get_data()
    response.close()
    return response


def _page(client) -> _Page:
    page = _Page()
    page.feed(_get(client, "/").get_data(as_text=True))
    return page


def test_index_is_the_page_with_the_form(client):
    response = _get(client, "/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    page = _page(client)
    assert page.ids["solve-form"][0] == "form"
    assert page.ids["problem"][0] == "textarea"
    assert page.ids["check-form"][0] == "form" and page.ids["my-answer"][0] == "input"
    assert {"problem", "my-answer"} <= page.labels  # every field has a label
    assert page.ids["status"][1].get("aria-live") == "polite"
    assert page.ids["check-result"][1].get("aria-live") == "polite"


def test_every_topic_has_an_example(client):
    html = _get(client, "/").get_data(as_text=True)
    examples = _page(client).examples
    for topic, problem in TOPIC_EXAMPLES.items():
        assert f"<h3>{topic}</h3>" in html
        assert problem in examples


def test_files_the_page_links_are_served(client):
    links = [link for link in _page(client).links if not link.startswith("data:")]
    assert {"static/app.js", "static/style.css"} <= set(links)
    for link in links:
        assert _get(client, "/" + link).status_code == 200, link


@pytest.mark.parametrize("path", ASSETS)
def test_nothing_is_fetched_from_another_host(client, path):
    text = _get(client, path).get_data(as_text=True)
    assert not re.findall(r"https?://", text), "the page must load nothing from another host"
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']//""", text)  # protocol-relative
    assert not re.search(r"""url\(\s*["']?(?:[a-z]+:)?//""", text)  # CSS url(//host/…)
    assert not re.search(r"@import", text)


def test_script_and_style_have_their_content_types(client):
    script = _get(client, "/static/app.js")
    assert script.status_code == 200
    assert "javascript" in script.content_type
    style = _get(client, "/static/style.css")
    assert style.status_code == 200 and style.mimetype == "text/css"


def test_the_json_index_moved_to_api_v1(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    body = response.get_json()
    assert body["name"] == "stepsolver"
    assert "POST /api/v1/solve" in body["endpoints"]


def test_a_missing_static_file_is_a_json_404(client):
    response = client.get("/static/nope.js")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


# ---------------------------------------------------------------------------- the browser
@pytest.fixture(scope="module")
def served():
    """The real app (forked, killable solver) on a free loopback port, in a thread."""
    app = create_app()
    # Fork the solving process now, from this thread, before any server thread exists.
    assert app.test_client().post("/api/v1/solve", json={"problem": "d/dx x"}).status_code == 200
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)
    app.extensions["stepsolver"].close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing (apt-get install chromium chromium-driver)")
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager: never download anything
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-extensions", "--window-size=1100,1800",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})  # to see script errors, CSP refusals
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _shot(driver, directory: Path, name: str) -> Path:
    path = directory / name
    assert driver.save_screenshot(str(path)), "the screenshot could not be written"
    assert path.stat().st_size > 10_000
    keep = os.environ.get("STEPSOLVER_SCREENSHOTS")
    if keep:
        shutil.copy(path, Path(keep) / name)
    return path


def _text(driver, css: str) -> str:
    """What an element says, MathML included, with the invisible times/apply signs dropped."""
    text = driver.execute_script("return document.querySelector(arguments[0]).textContent", css)
    return re.sub(r"[\u2061-\u2064]", "", text)


def test_a_student_solves_reads_and_fixes_a_typo(served, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    driver = browser
    wait = WebDriverWait(driver, 30)
    driver.get(served)
    assert "stepsolver" in driver.title
    problem = wait.until(EC.element_to_be_clickable((By.ID, "problem")))

    # Solve: type the problem, press the button, wait for the steps and the answer.
    problem.send_keys("d/dx sin(x^2)")
    driver.find_element(By.ID, "solve-button").click()
    wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#steps > li.step")))
    answer = _text(driver, "#answer-math")
    assert "2x" in answer and "cos" in answer, answer
    assert driver.find_element(By.CSS_SELECTOR, "#answer-math math")  # rendered as MathML
    assert driver.find_element(By.CSS_SELECTOR, "#answer-math > .math").get_attribute("data-text") == "2x·cos(x²)"
    assert "Verified" in driver.find_element(By.ID, "verification").text
    assert "Solved" in driver.find_element(By.ID, "status").text  # said to screen readers too
    first = driver.find_element(By.CSS_SELECTOR, "#steps > li.step")
    assert first.find_element(By.CSS_SELECTOR, ".step-title").text == "Chain rule"
    assert first.find_element(By.CSS_SELECTOR, ".derivation .relation").text == "="
    assert first.find_element(By.CSS_SELECTOR, ".explanation math")  # inline MathML in the sentence

    # A substep opens from its summary and shows the outer function's rule.
    nested = first.find_element(By.CSS_SELECTOR, "details.substeps ol.nested > li.step")
    assert not nested.is_displayed()
    summary = first.find_element(By.CSS_SELECTOR, "details.substeps > summary")
    assert summary.text.startswith("Show")
    summary.click()
    wait.until(EC.visibility_of(nested))
    assert "Outer function" in nested.find_element(By.CSS_SELECTOR, ".step-title").text
    assert summary.text.startswith("Hide")
    driver.set_window_size(1100, 1800)
    _shot(driver, tmp_path, "stepsolver-page.png")

    # Copy as LaTeX: the whole derivation, copied (or selected for copying where blocked).
    driver.find_element(By.ID, "copy-latex").click()
    wait.until(lambda d: "LaTeX" in d.find_element(By.ID, "status").text)
    assert "\\begin{align*}" in driver.find_element(By.ID, "latex-text").get_attribute("value")

    # Check my answer: a wrong sign is called out; with no /check on the server, a note.
    my_answer = driver.find_element(By.ID, "my-answer")
    my_answer.send_keys("-2x cos(x^2)", Keys.ENTER)
    result = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#check-result, #check-note")))
    wait.until(lambda d: "Checking" not in result.text)
    if result.get_attribute("id") == "check-result":  # the server has /check
        assert "Not quite" in result.text
        my_answer.clear()
        my_answer.send_keys("2x coss(x^2)", Keys.ENTER)  # a typo in the answer is shown in the answer
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#check-result mark.culprit"))
        assert driver.find_element(By.CSS_SELECTOR, "#check-result mark.culprit").text == "coss"
    driver.execute_script("""
        const real = window.fetch;
        window.fetch = (url, init) => String(url).endsWith("/check")
          ? Promise.resolve(new Response('{"error": {"code": "not_found"}}', {status: 404}))
          : real(url, init);""")
    driver.find_element(By.ID, "check-button").click()
    note = wait.until(EC.visibility_of_element_located((By.ID, "check-note")))
    assert "not available" in note.text
    assert not driver.find_element(By.ID, "check-result").is_displayed()

    # A typo: the message, the hint, and the caret under the unknown word; the cursor is there.
    problem.clear()
    problem.send_keys("d/dx sinn x", Keys.ENTER)  # Enter solves
    error = wait.until(EC.visibility_of_element_located((By.ID, "error")))
    assert not driver.find_element(By.ID, "result").is_displayed()
    assert "Unknown name 'sinn'" in error.find_element(By.ID, "error-message").text
    assert "column 6" in error.find_element(By.ID, "error-message").text
    assert "did you mean 'sin'" in error.find_element(By.ID, "error-hint").text
    assert error.find_element(By.CSS_SELECTOR, "#error-context mark.culprit").text == "sinn"
    caret = driver.execute_script("return document.querySelector('#error-context .caret-line').textContent")
    assert caret == " " * 5 + "^"
    selection = driver.execute_script("const t = document.getElementById('problem');"
                                      "return [t.selectionStart, t.selectionEnd, document.activeElement.id]")
    assert selection == [5, 9, "problem"]
    _shot(driver, tmp_path, "stepsolver-error.png")

    # An example button solves its problem; on a phone-width window nothing spills sideways.
    driver.set_window_size(390, 1600)
    driver.find_element(By.CSS_SELECTOR, 'button.example[data-problem="integrate x e^x dx"]').click()
    wait.until(lambda d: "x e^x" in d.find_element(By.ID, "problem").get_attribute("value")
               and d.find_element(By.ID, "result").is_displayed())
    assert "C" in _text(driver, "#answer-math")
    wide = driver.execute_script("return document.documentElement.scrollWidth > window.innerWidth")
    assert not wide, "the page scrolls sideways at phone width"
    driver.execute_script("window.scrollTo(0, 0)")
    _shot(driver, tmp_path, "stepsolver-phone.png")

    # No script error and nothing the Content-Security-Policy had to refuse, all along.
    severe = [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"
              and "/api/v1/" not in entry["message"]]  # the 400 of the typo is logged by Chromium
    assert not severe, severe
