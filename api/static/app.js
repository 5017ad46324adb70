// stepsolver's page: ask /api/v1 on this same server, show the worked solution.
// Plain JavaScript, no build step, nothing loaded from anywhere else.  Math arrives as
// MathML, which browsers render natively; it is inserted through a small allowlist so
// only math markup (never scripts or attributes with behaviour) reaches the page.
"use strict";

(function () {
  const API = "api/v1/";  // relative: works when the app is mounted under a prefix too

  const $ = (id) => document.getElementById(id);
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  };

  // ----------------------------------------------------------------------- math markup
  const MATH_TAGS = new Set([
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msup", "msub", "msubsup",
    "mfrac", "msqrt", "mroot", "mtable", "mtr", "mtd", "mlabeledtr", "mover", "munder",
    "munderover", "mstyle", "mpadded", "mphantom", "menclose", "mfenced", "merror",
    "mmultiscripts", "mprescripts", "none", "semantics", "annotation",
  ]);
  const TEXT_TAGS = new Set(["span", "em", "strong", "b", "i", "code", "sub", "sup", "br", "var"]);
  const DROP_TAGS = new Set(["script", "style", "iframe", "object", "embed", "template", "svg", "link", "meta"]);
  const ATTRIBUTES = new Set([
    "display", "displaystyle", "scriptlevel", "mathvariant", "mathsize", "stretchy", "fence",
    "separator", "separators", "form", "lspace", "rspace", "largeop", "movablelimits",
    "symmetric", "minsize", "maxsize", "accent", "accentunder", "linethickness",
    "columnalign", "rowalign", "columnspacing", "rowspacing", "columnlines", "rowlines",
    "frame", "notation", "open", "close", "width", "height", "depth", "dir", "encoding",
  ]);

  // sympy writes Euler's number, the imaginary unit and the differential d as the
  // double-struck ⅇ ⅈ ⅆ; without a math font those look like misprints, so show e, i, d
  // upright, the way textbooks print them.
  const UPRIGHT = { "\u2147": "e", "\u2148": "i", "\u2146": "d" };

  function cleanTree(parent) {
    for (const child of Array.from(parent.childNodes)) {
      if (child.nodeType === Node.TEXT_NODE) continue;
      if (child.nodeType !== Node.ELEMENT_NODE) { child.remove(); continue; }
      const name = child.localName;
      if (DROP_TAGS.has(name)) { child.remove(); continue; }
      cleanTree(child);
      if (!MATH_TAGS.has(name) && !TEXT_TAGS.has(name)) {  // unknown: keep its content only
        child.replaceWith(...Array.from(child.childNodes));
        continue;
      }
      for (const attr of Array.from(child.attributes)) {
        if (!ATTRIBUTES.has(attr.name.toLowerCase())) child.removeAttribute(attr.name);
      }
      if (name === "mi" && UPRIGHT[child.textContent]) {
        child.textContent = UPRIGHT[child.textContent];
        child.setAttribute("mathvariant", "normal");
      }
    }
  }

  // Brackets around a matrix stretch only with a math font (one with an OpenType MATH
  // table).  Mark each fenced table so the stylesheet can draw the brackets itself where
  // the browser cannot (html.no-stretchy, decided once below).
  const FENCES = { "[": ["square", "]"], "(": ["round", ")"], "|": ["bars", "|"] };

  function markMatrices(root) {
    for (const table of root.querySelectorAll("mtable")) {
      const open = table.previousElementSibling;
      const close = table.nextElementSibling;
      if (!open || !close || open.localName !== "mo" || close.localName !== "mo") continue;
      const fence = FENCES[open.textContent.trim()];
      if (!fence || close.textContent.trim() !== fence[1]) continue;
      table.classList.add("fenced", "fenced-" + fence[0]);
      open.classList.add("fence");
      close.classList.add("fence");
    }
  }

  /** A fragment from server HTML (text with inline MathML), reduced to math and text. */
  function markup(html) {
    const template = document.createElement("template");
    template.innerHTML = html || "";
    cleanTree(template.content);
    markMatrices(template.content);
    return template.content;
  }

  function bracketsStretch() {
    const probe = el("div", "probe");
    probe.append(markup("<math><mrow><mo>[</mo><mtable><mtr><mtd><mn>1</mn></mtd></mtr><mtr><mtd><mn>2</mn></mtd>" +
                        "</mtr><mtr><mtd><mn>3</mn></mtd></mtr></mtable><mo>]</mo></mrow></math>"));
    document.body.append(probe);
    const bracket = probe.querySelector("mo").getBoundingClientRect().height;
    const table = probe.querySelector("mtable").getBoundingClientRect().height;
    probe.remove();
    return table === 0 || bracket >= 0.75 * table;
  }
  if (!bracketsStretch()) document.documentElement.classList.add("no-stretchy");

  /** One math object of the API ({text, latex, mathml, …}) as a node. */
  function mathNode(obj, className) {
    const span = el("span", className || "math");
    if (!obj) return span;
    // A dict answer ({x: 7/9, …}) currently comes as MathML "dict((x, 7/9), …)"; its text
    // reads better until the server's MathML printer learns dicts.
    const printedDict = /<mi>dict<\/mi>/.test(obj.mathml || "") && obj.text;
    if (obj.mathml && !printedDict) span.append(markup(obj.mathml));
    else span.textContent = obj.text || "";
    if (obj.text) span.dataset.text = obj.text;
    return span;
  }

  // ------------------------------------------------------------------------ requests
  let current = null;  // AbortController of the solve in flight

  async function postJSON(path, body, signal) {
    const response = await fetch(API + path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body),
      signal,
    });
    let data = null;
    try { data = await response.json(); } catch (_) { data = null; }
    return { status: response.status, ok: response.ok, data };
  }

  function networkError() {
    return { code: "network", message: "The server could not be reached.",
             hint: "Check that stepsolver is still running, then try again." };
  }

  function errorOf(result) {
    if (result.data && result.data.error) return result.data.error;
    return { code: "http_" + result.status, message: `The server answered with status ${result.status}.`,
             hint: "Try again in a moment." };
  }

  // -------------------------------------------------------------------------- status
  const status = $("status");
  function say(text, tone) {
    status.textContent = text || "";
    status.dataset.tone = tone || "";
  }

  // ------------------------------------------------------------------------- solving
  const problemBox = $("problem");
  const resultBox = $("result");
  const errorBox = $("error");
  let solved = null;  // {problem, data, latex}

  async function solve(text) {
    const problem = (text === undefined ? problemBox.value : text).trim();
    if (!problem) {
      say("Type a problem first.", "warn");
      problemBox.focus();
      return;
    }
    if (current) current.abort();
    const controller = new AbortController();
    current = controller;
    document.body.classList.add("busy");
    $("solve-button").disabled = true;
    resultBox.setAttribute("aria-busy", "true");
    say("Solving…");
    let result;
    try {
      result = await postJSON("solve", { problem, figures: true }, controller.signal);
    } catch (err) {
      if (err && err.name === "AbortError") return;
      result = null;
    } finally {
      if (current === controller) {
        current = null;
        document.body.classList.remove("busy");
        $("solve-button").disabled = false;
        resultBox.removeAttribute("aria-busy");
      }
    }
    if (controller.signal.aborted) return;
    rememberInURL(problem);
    if (result && result.ok && result.data && result.data.steps) {
      showSolution(problem, result.data);
    } else {
      showError(problem, result ? errorOf(result) : networkError(), result ? result.status : 0);
    }
  }

  function rememberInURL(problem) {
    try {
      const url = new URL(window.location.href);
      url.searchParams.set("q", problem);
      window.history.replaceState(null, "", url);
    } catch (_) { /* a page opened from a file: nothing to remember */ }
  }

  // -------------------------------------------------------------------------- errors
  const ERROR_TITLES = {
    parse_error: "That could not be read",
    invalid_request: "That could not be read",
    input_too_long: "That is too long",
    unsupported: "Not something stepsolver does yet",
    invalid_argument: "That problem cannot be done as written",
    too_expensive: "That would take too much work",
    time_limit: "That took too long",
    overloaded: "The solver is busy",
    network: "No connection",
  };

  /** Where (line, column) falls in the text, and how long the word starting there is. */
  function locate(text, line, column) {
    const lines = text.split("\n");
    const lineText = lines[Math.min(Math.max(line, 1), lines.length) - 1] || "";
    const index = Math.max(0, column - 1);
    let offset = 0;
    for (let k = 0; k < line - 1 && k < lines.length; k++) offset += lines[k].length + 1;
    let length = 1;
    if (/[\p{L}\p{N}_]/u.test(lineText.charAt(index))) {
      while (index + length < lineText.length && /[\p{L}\p{N}_]/u.test(lineText.charAt(index + length))) length++;
    }
    length = Math.min(length, Math.max(1, lineText.length - index));
    return { lineText, index, offset: offset + index, length };
  }

  function drawCaret(container, text, error) {
    container.textContent = "";
    if (!error.line || !error.column) { container.hidden = true; return null; }
    const spot = locate(text, error.line, error.column);
    const code = el("code", "context-line");
    code.append(spot.lineText.slice(0, spot.index));
    const mark = el("mark", "culprit", spot.lineText.slice(spot.index, spot.index + spot.length) || " ");
    code.append(mark, spot.lineText.slice(spot.index + spot.length));
    const caret = el("span", "caret-line", " ".repeat(spot.index) + "^");
    caret.setAttribute("aria-hidden", "true");
    container.append(code, "\n", caret);
    container.hidden = false;
    return spot;
  }

  function place(error) {
    return error.line && error.column ? ` (line ${error.line}, column ${error.column})` : "";
  }

  function showError(problem, error, httpStatus) {
    resultBox.hidden = true;
    errorBox.hidden = false;
    $("error-title").textContent = ERROR_TITLES[error.code] || "That could not be solved";
    $("error-message").textContent = capitalise(error.message || "Something went wrong.") + place(error);
    const spot = drawCaret($("error-context"), problem, error);
    const hint = $("error-hint");
    hint.hidden = !error.hint;
    hint.textContent = error.hint ? "Hint: " + error.hint : "";
    say(`${$("error-title").textContent}: ${error.message || ""}${place(error)}`, "error");
    if (spot && problemBox.value.trim() === problem) {
      // Put the cursor on the culprit, so the fix is one keystroke away.
      const lead = problemBox.value.length - problemBox.value.trimStart().length;
      problemBox.focus({ preventScroll: true });
      problemBox.setSelectionRange(lead + spot.offset, lead + spot.offset + spot.length);
    }
    if (httpStatus === 503 && !error.hint) {
      hint.hidden = false;
      hint.textContent = "Hint: wait a few seconds and try again.";
    }
  }

  function capitalise(text) {
    return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
  }

  // ------------------------------------------------------------------------ solution
  const RELATIONS = {
    "=": { symbol: "=", words: "equals" },
    "~": { symbol: "∼", words: "is equivalent to" },
    "→": { symbol: "→", words: "becomes" },
    "⇒": { symbol: "⇒", words: "implies" },
  };

  function formatDecimal(value) {
    if (typeof value === "number" && Number.isFinite(value)) {
      return String(Number.parseFloat(value.toPrecision(10)));
    }
    return String(value);
  }

  function showSolution(problem, data) {
    solved = { problem, data, latex: null };
    errorBox.hidden = true;
    $("latex-fallback").hidden = true;
    $("kind").textContent = data.kind ? data.kind.replace(/_/g, " ").toLowerCase() : "";
    $("copy-latex").textContent = "Copy as LaTeX";
    $("problem-math").replaceChildren(mathNode(data.problem));

    const notes = $("assumptions");
    notes.replaceChildren(...(data.assumptions || []).map((note) => el("li", null, note)));
    notes.hidden = !(data.assumptions || []).length;

    const answer = data.answer || {};
    $("answer-math").replaceChildren(mathNode(answer));
    const decimal = $("answer-decimal");
    const shown = answer.decimal !== undefined && answer.decimal !== null ? formatDecimal(answer.decimal) : "";
    const parts = [];
    if (shown && shown !== answer.text) parts.push("≈ " + shown);
    if (answer.percent) parts.push(`(${answer.percent})`);
    decimal.textContent = parts.join(" ");
    decimal.hidden = !parts.length;

    showVerification(data);
    showFigures(data);
    const steps = $("steps");
    steps.replaceChildren(...(data.steps || []).map((step) => stepNode(step, 0, data)));
    $("steps-title").textContent = (data.steps || []).length === 1 ? "Step" : "Steps";
    const toggle = $("toggle-substeps");
    toggle.hidden = !steps.querySelector("details");
    setToggle(false);

    resultBox.hidden = false;
    const verdict = data.verified ? "Every step was checked." : "Not every step could be checked.";
    say(`Solved. Answer: ${answer.text || ""}${parts.length ? " " + parts.join(" ") : ""}. ${verdict}`, "ok");
  }

  // Figures arrive as complete SVG documents; shown as images, they keep their own styles
  // and cannot run anything, and their alt text is the server's sentence about them.
  function showFigures(data) {
    const box = $("figures");
    const figures = data.figures || [];
    box.replaceChildren(...figures.map((figure) => {
      const img = el("img");
      img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(figure.svg);
      img.alt = figure.alt || figure.title || "";
      img.loading = "lazy";
      const caption = el("figcaption", null, figure.title || "");
      const node = el("figure", "figure");
      node.append(img, caption);
      return node;
    }));
    box.hidden = !figures.length;
  }

  function showVerification(data) {
    const box = $("verification");
    box.replaceChildren();
    const v = data.verification || {};
    if (data.verified) {
      box.className = "verification ok";
      const summary = (v.summary || "every step was checked").replace(/^verified\s*:\s*/i, "");
      box.append(el("span", "badge", "✓ Verified"), " · ", el("span", null, summary));
      return;
    }
    box.className = "verification failed";
    box.append(el("span", "badge", "✗ Not verified"), " ");
    const failed = v.failed;
    if (failed) {
      const where = failed.step ? `step ${failed.step}` : "the answer";
      const text = `The check of ${where}${failed.rule ? " (" + failed.rule.replace(/_/g, " ") + ")" : ""} failed`;
      if (failed.step && failed.step !== "answer") {
        const link = el("a", null, text);
        link.href = "#step-" + failed.step;
        link.addEventListener("click", (event) => { event.preventDefault(); revealStep(failed.step); });
        box.append(link);
      } else {
        box.append(text);
      }
      box.append(failed.detail ? `: ${failed.detail}.` : ".");
    } else {
      box.append(v.summary || "The solution could not be checked.");
    }
  }

  function revealStep(number) {
    const target = document.getElementById("step-" + number);
    if (!target) return;
    for (let node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    target.scrollIntoView({ behavior: "smooth", block: "center" });
    target.focus({ preventScroll: true });
  }

  function stepNode(step, depth, data) {
    const item = el("li", "step" + (step.verified ? "" : " unchecked"));
    item.id = "step-" + step.number;
    item.tabIndex = -1;
    const failed = data.verification && data.verification.failed;
    if (failed && failed.step === step.number) item.classList.add("failed");

    const head = el("div", "step-head");
    head.append(el("span", "step-number", step.number));
    const heading = el(depth === 0 ? "h3" : "h4", "step-title", step.title || (step.rule || "").replace(/_/g, " "));
    head.append(heading);
    const mark = el("span", "step-check " + (step.verified ? "ok" : "no"), step.verified ? "✓" : "?");
    mark.title = step.verified ? "This step was checked independently" : "This step could not be confirmed";
    mark.setAttribute("aria-hidden", "true");
    head.append(mark, el("span", "visually-hidden", step.verified ? "(checked)" : "(not confirmed)"));
    item.append(head);

    const explanation = step.explanation || {};
    if (explanation.html || explanation.text) {
      const p = el("p", "explanation");
      if (explanation.html) p.append(markup(explanation.html));
      else p.textContent = explanation.text;
      item.append(p);
    }

    if (step.before || step.after) {
      const line = el("div", "derivation");
      const relation = RELATIONS[step.relation] || { symbol: step.relation || "=", words: "" };
      const rel = el("span", "relation", relation.symbol);
      rel.setAttribute("aria-hidden", "true");
      line.append(mathNode(step.before, "math before"), rel);
      if (relation.words) line.append(el("span", "visually-hidden", relation.words));
      line.append(mathNode(step.after, "math after"));
      item.append(line);
    }

    const subs = step.substeps || [];
    if (subs.length) {
      const details = el("details", "substeps");
      const summary = el("summary", null, subs.length === 1 ? "Show 1 substep" : `Show ${subs.length} substeps`);
      details.addEventListener("toggle", () => {
        summary.textContent = (details.open ? "Hide " : "Show ") +
          (subs.length === 1 ? "1 substep" : `${subs.length} substeps`);
      });
      const list = el("ol", "steps nested");
      list.append(...subs.map((sub) => stepNode(sub, depth + 1, data)));
      details.append(summary, list);
      item.append(details);
    }
    return item;
  }

  function setToggle(open) {
    const toggle = $("toggle-substeps");
    toggle.setAttribute("aria-pressed", String(open));
    toggle.textContent = open ? "Close all substeps" : "Open all substeps";
  }

  $("toggle-substeps").addEventListener("click", () => {
    const open = $("toggle-substeps").getAttribute("aria-pressed") !== "true";
    for (const details of $("steps").querySelectorAll("details")) details.open = open;
    setToggle(open);
  });

  // ----------------------------------------------------------------- copy as LaTeX
  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      try { await navigator.clipboard.writeText(text); return true; } catch (_) { /* fall through */ }
    }
    const scratch = el("textarea");
    scratch.value = text;
    scratch.setAttribute("readonly", "");
    scratch.className = "offscreen";
    document.body.append(scratch);
    scratch.select();
    let done = false;
    try { done = document.execCommand("copy"); } catch (_) { done = false; }
    scratch.remove();
    return done;
  }

  $("copy-latex").addEventListener("click", async () => {
    if (!solved) return;
    const button = $("copy-latex");
    const target = solved;
    if (target.latex === null) {
      button.disabled = true;
      say("Preparing the LaTeX…");
      let result = null;
      try { result = await postJSON("solve", { problem: target.problem, format: "latex" }); } catch (_) { result = null; }
      button.disabled = false;
      if (!result || !result.ok || !result.data || typeof result.data.rendered !== "string") {
        say("The LaTeX could not be made: " + (result ? errorOf(result).message : networkError().message), "error");
        return;
      }
      target.latex = result.data.rendered;
    }
    if (target !== solved) return;
    const fallback = $("latex-fallback");
    $("latex-text").value = target.latex;
    if (await copyText(target.latex)) {
      fallback.hidden = true;
      button.textContent = "Copied ✓";
      say("The whole derivation was copied as LaTeX.", "ok");
      window.setTimeout(() => { button.textContent = "Copy as LaTeX"; }, 2000);
    } else {
      fallback.hidden = false;
      $("latex-text").focus();
      $("latex-text").select();
      say("Copying is blocked here: the LaTeX is selected below, press Ctrl+C (⌘C) to copy it.", "warn");
    }
  });

  // ---------------------------------------------------------------- check my answer
  const MISTAKES = {
    sign_error: "Sign error",
    factor_error: "Off by a constant factor",
    rounding: "Rounding",
    wrong_variable: "Wrong variable",
    wrong: "Not the same value",
  };
  const NOTES = {
    missing_constant: "Remember the constant of integration, + C.",
    not_simplified: "Right, but it can be simplified further.",
    absolute_value: "Use the absolute value: ln|x| rather than ln x.",
  };

  /** Which text a located /check error points into: the answer unless it is clearly the problem. */
  function blamed(error, problem, answer) {
    if (/^the answer/i.test(error.message || "")) return answer;
    if (/^the problem/i.test(error.message || "")) return problem;
    const quoted = (error.context || "").split("\n")[0];
    const inProblem = quoted && problem.split("\n").includes(quoted);
    const inAnswer = quoted && answer.split("\n").includes(quoted);
    return inProblem && !inAnswer ? problem : answer;
  }

  async function check() {
    const problem = problemBox.value.trim();
    const answerBox = $("my-answer");
    const answer = answerBox.value.trim();
    const out = $("check-result");
    const note = $("check-note");
    if (!problem) { say("Type the problem first, then your answer.", "warn"); problemBox.focus(); return; }
    if (!answer) { say("Type your answer first.", "warn"); answerBox.focus(); return; }
    $("check-button").disabled = true;
    out.hidden = false;
    out.className = "check-result pending";
    out.textContent = "Checking…";
    let result = null;
    try { result = await postJSON("check", { problem, answer }); } catch (_) { result = null; }
    $("check-button").disabled = false;
    out.replaceChildren();
    note.hidden = true;

    if (result && (result.status === 404 || result.status === 405)) {
      out.hidden = true;
      note.hidden = false;
      note.textContent = "Checking answers is not available on this server yet. Solve the problem to compare with the worked answer.";
      return;
    }
    if (!result || !result.ok || !result.data || typeof result.data.correct !== "boolean") {
      const error = result ? errorOf(result) : networkError();
      out.className = "check-result wrong";
      out.append(el("p", "verdict", capitalise(error.message || "The answer could not be checked.") + place(error)));
      const context = el("pre", "error-context");
      if (drawCaret(context, blamed(error, problem, answer), error)) out.append(context);
      if (error.hint) out.append(el("p", "error-hint", "Hint: " + error.hint));
      return;
    }
    const data = result.data;
    out.className = "check-result " + (data.correct ? "right" : "wrong");
    out.append(el("p", "verdict", data.correct ? "✓ Correct" : "✗ Not quite"));
    if (!data.correct && data.mistake && MISTAKES[data.mistake] && data.mistake !== "wrong") {
      out.append(el("p", "mistake", MISTAKES[data.mistake]));
    }
    if (data.message && !/^(correct|not quite|wrong)\W*$/i.test(data.message.trim())) {
      out.append(el("p", "check-message", data.message));
    }
    const notes = (data.notes || []).filter((n) => NOTES[n]);
    if (notes.length) {
      const list = el("ul", "check-notes");
      list.append(...notes.map((n) => el("li", null, NOTES[n])));
      out.append(list);
    }
    if (data.expected && !data.correct) {
      const details = el("details", "expected");
      details.append(el("summary", null, "Show the expected answer"));
      details.append(mathNode(typeof data.expected === "string" ? { text: data.expected } : data.expected, "math"));
      out.append(details);
    }
  }

  // ------------------------------------------------------------------------- wiring
  $("solve-form").addEventListener("submit", (event) => { event.preventDefault(); solve(); });
  $("check-form").addEventListener("submit", (event) => { event.preventDefault(); check(); });
  function forgetCheck() {
    $("check-result").hidden = true;
    $("check-note").hidden = true;
  }
  problemBox.addEventListener("input", forgetCheck);
  problemBox.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      solve();
    }
  });
  $("clear-button").addEventListener("click", () => {
    if (current) current.abort();
    problemBox.value = "";
    $("my-answer").value = "";
    forgetCheck();
    resultBox.hidden = true;
    errorBox.hidden = true;
    solved = null;
    say("");
    problemBox.focus();
  });
  for (const button of document.querySelectorAll("button.example")) {
    button.addEventListener("click", async () => {
      problemBox.value = button.dataset.problem;
      forgetCheck();
      await solve(button.dataset.problem);
      const shown = resultBox.hidden ? errorBox : resultBox;
      shown.scrollIntoView({ behavior: "smooth", block: "start" });
    });
  }

  const initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    problemBox.value = initial;
    solve(initial);
  }
})();
