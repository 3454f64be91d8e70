// The dapolicy playground: plain JavaScript over the service's own API (docs/server.md); nothing is fetched
// from anywhere else. Unknown stays unknown: a fact left at "unknown" is not sent at all.
"use strict";

const $ = (id) => document.getElementById(id);
const state = { policies: [], caseSchema: null, checkTimer: null, checked: 0 };

async function call(method, path, body) {
  const options = { method, headers: {} };
  if (body !== undefined) {
    options.headers["content-type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  const answer = await response.json().catch(() => ({ error: { code: "response", message: response.statusText } }));
  return { ok: response.ok, status: response.status, answer };
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

// --- the ruleset ---------------------------------------------------------------------------------------------

async function loadPolicies() {
  const { answer } = await call("GET", "/v1/policies");
  state.policies = answer.policies;
  for (const select of [$("policy-select"), $("compare-left"), $("compare-right")]) {
    select.replaceChildren(...state.policies.map((p) => element("option", { value: p.id, text: `${p.id}: ${p.landlord}` })));
  }
  $("compare-right").selectedIndex = Math.min(1, state.policies.length - 1);
  const start = state.policies.find((p) => p.id === "hpg") || state.policies[0];
  $("policy-select").value = start.id;
  await loadRuleset(start.id);
}

async function loadRuleset(id) {
  const { answer } = await call("GET", `/v1/policies/${encodeURIComponent(id)}`);
  $("ruleset").value = answer.ruleset;
  scheduleCheck(0);
}

function scheduleCheck(delay = 350) {
  clearTimeout(state.checkTimer);
  state.checkTimer = setTimeout(checkRuleset, delay);
}

async function checkRuleset() {
  const asked = ++state.checked;
  const body = { ruleset: $("ruleset").value, name: `${$("policy-select").value}.yaml` };
  const validated = await call("POST", "/v1/validate", body);
  if (asked !== state.checked) return; // the officer typed again meanwhile
  if (!validated.ok) {
    showProblems(validated.answer.error.problems || [validated.answer.error], "error");
    $("ruleset-status").className = "error";
    const count = (validated.answer.error.problems || [1]).length;
    $("ruleset-status").textContent = `${count} problem${count === 1 ? "" : "s"}: the ruleset does not load`;
    return;
  }
  const linted = await call("POST", "/v1/lint", body);
  if (asked !== state.checked) return;
  const findings = linted.ok ? [...linted.answer.errors.map((f) => ({ ...f, severity: "error" })), ...linted.answer.warnings] : [];
  showProblems(findings, "warning");
  const { id, rules, definitions } = validated.answer;
  $("ruleset-status").className = findings.some((f) => f.severity === "error") ? "error" : "ok";
  $("ruleset-status").textContent = `${id} loads: ${rules} rules, ${definitions} definitions` +
    (findings.length ? `; lint: ${findings.length} finding${findings.length === 1 ? "" : "s"}` : "; lint: nothing found");
}

function showProblems(problems, severity) {
  $("problems").replaceChildren(...problems.map((problem) => {
    const where = problem.line ? `line ${problem.line}, column ${problem.column}` : "the ruleset";
    const item = element("li", { class: problem.severity || severity, "data-line": problem.line || "" },
      element("strong", { text: `${where}: ` }), `${problem.message} [${problem.code}]`);
    if (problem.line) item.append(sourceLine(problem.line, problem.column, problem.width || 1));
    if (problem.hint) item.append(element("div", { class: "hint", text: `hint: ${problem.hint}` }));
    item.addEventListener("click", () => goToLine(problem.line, problem.column));
    return item;
  }));
}

function sourceLine(line, column, width) {
  // The line as written, with a caret under what the problem marks, as the command line shows it.
  const text = $("ruleset").value.split("\n")[line - 1] ?? "";
  const caret = " ".repeat(Math.max(0, (column || 1) - 1)) + "^".repeat(Math.max(1, width));
  return element("pre", { class: "source-line", text: `${String(line).padStart(4)} | ${text}\n     | ${caret}` });
}

function goToLine(line, column) {
  if (!line) return;
  const lines = $("ruleset").value.split("\n");
  const start = lines.slice(0, line - 1).reduce((total, text) => total + text.length + 1, 0) + Math.max(0, (column || 1) - 1);
  const area = $("ruleset");
  area.focus();
  area.setSelectionRange(start, start + Math.max(1, lines[line - 1].length - (column || 1) + 1));
  area.scrollTop = Math.max(0, (line - 5) * (area.scrollHeight / Math.max(1, lines.length)));
}

// --- the case --------------------------------------------------------------------------------------------------

function kindOf(schema) {
  const types = [].concat(schema.type || []);
  if (schema.enum) return "choice";
  if (types.includes("boolean")) return "yes/no";
  if (types.includes("integer")) return "number";
  if (types.includes("array")) return "list";
  if (types.includes("object")) return "group";
  return "text";
}

function factInput(path, schema) {
  const kind = kindOf(schema);
  const label = element("label", { class: "fact", title: schema.description || "" }, element("span", { text: path.split(".").pop() }));
  let input;
  if (kind === "yes/no" || kind === "choice") {
    const values = kind === "yes/no" ? ["yes", "no"] : schema.enum.filter((v) => v !== null);
    input = element("select", { "data-path": path, "data-kind": kind },
      element("option", { value: "", text: "unknown" }), ...values.map((v) => element("option", { value: v, text: v })));
  } else if (kind === "number") {
    input = element("input", { type: "number", "data-path": path, "data-kind": kind, min: schema.minimum ?? "", max: schema.maximum ?? "", placeholder: "unknown" });
  } else if (kind === "list") {
    const known = element("input", { type: "checkbox", "data-known": path, "aria-label": `${path} is known` });
    const choices = element("span", { class: "choices" }, ...schema.items.enum.map((v) =>
      element("label", {}, element("input", { type: "checkbox", "data-member": path, value: v }), v)));
    label.append(element("span", {}, known, " known:"), choices);
    return label;
  } else if (path === "reported_at") {
    input = element("input", { type: "datetime-local", "data-path": path, "data-kind": "time" });
  } else {
    input = element("input", { type: "text", "data-path": path, "data-kind": kind, placeholder: "unknown" });
  }
  label.append(input);
  return label;
}

async function buildCaseForm() {
  const { answer } = await call("GET", "/v1/schemas/case");
  state.caseSchema = answer;
  const form = $("case-form");
  const loose = element("fieldset", {}, element("legend", { text: "the report" }));
  form.append(loose);
  for (const [name, schema] of Object.entries(answer.properties)) {
    if (kindOf(schema) !== "group") {
      loose.append(factInput(name, schema));
      continue;
    }
    const group = element("fieldset", {}, element("legend", { text: name }));
    for (const [member, memberSchema] of Object.entries(schema.properties)) group.append(factInput(`${name}.${member}`, memberSchema));
    form.append(group);
  }
}

function readCase() {
  const facts = {};
  const put = (path, value) => {
    const [group, name] = path.includes(".") ? path.split(".") : [null, path];
    if (group) (facts[group] = facts[group] || {})[name] = value;
    else facts[name] = value;
  };
  for (const input of $("case-form").querySelectorAll("[data-path]")) {
    if (input.value === "") continue; // unknown: left out
    const kind = input.dataset.kind;
    put(input.dataset.path, kind === "yes/no" ? input.value === "yes" : kind === "number" ? Number(input.value) : input.value);
  }
  for (const known of $("case-form").querySelectorAll("[data-known]")) {
    if (!known.checked) continue;
    const path = known.dataset.known;
    put(path, [...$("case-form").querySelectorAll(`[data-member="${path}"]`)].filter((c) => c.checked).map((c) => c.value));
  }
  return facts;
}

// --- the decision ------------------------------------------------------------------------------------------------

function londonTime(due) {
  // As the command line words a deadline: "23:59 on Monday 21 December 2026", in London time.
  const parts = {};
  const format = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", weekday: "long", day: "numeric",
    month: "long", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  for (const part of format.formatToParts(new Date(due))) parts[part.type] = part.value;
  return `${parts.hour}:${parts.minute} on ${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
}

function clauses(citations) {
  return element("div", {}, ...citations.map((c) => element("div", {}, element("strong", { text: `Clause ${c.clause}` }), element("blockquote", { text: c.quote }))));
}

function table(headings, rows) {
  return element("table", {}, element("thead", {}, element("tr", {}, ...headings.map((h) => element("th", { text: h })))),
    element("tbody", {}, ...rows.map((cells) => element("tr", {}, ...cells.map((cell) => element("td", {}, cell))))));
}

function showDecision(decision) {
  const da = decision.domestic_abuse;
  const parts = [element("p", { id: "domestic-abuse", text: `Domestic abuse: ${da.value} under the policy's definition; ${da.statutory} under the Domestic Abuse Act 2021` +
    (da.missing.length ? ` (would be settled by: ${da.missing.join(", ")})` : "") })];
  parts.push(element("h3", { text: `What the landlord must, should or may do (${decision.actions.length})` }));
  parts.push(table(["action", "modality", "due", "who approves", "clause"], decision.actions.map((a) => [
    `${a.id}${a.recipient ? ` (to ${a.recipient})` : ""}`, a.modality, a.due ? `by ${londonTime(a.due)}` : (a.missing.includes("reported_at") ? "needs reported_at" : "no deadline"),
    a.authority || "no approval needed", clauses(a.citations)])));
  parts.push(element("h3", { text: `Still open: waiting on facts (${decision.undecided.length})` }));
  parts.push(table(["action", "modality if it applies", "waits on", "clause"], decision.undecided.map((u) => [
    `${u.id}${u.recipient ? ` (to ${u.recipient})` : ""}`, u.modalities.join(" or "), u.missing.join(", "), clauses(u.citations)])));
  if (decision.conflicts.length) {
    parts.push(element("h3", { text: "Conflicts in the ruleset" }));
    parts.push(table(["action", "modalities", "rules"], decision.conflicts.map((c) => [c.id, c.modalities.join(", "), c.rules.join(", ")])));
  }
  for (const warning of decision.warnings) parts.push(element("p", { class: "warning", text: `warning: ${warning}` }));
  $("decision").replaceChildren(...parts);
}

async function evaluate() {
  const body = { ruleset: $("ruleset").value, name: `${$("policy-select").value}.yaml`, case: readCase() };
  $("decision").replaceChildren(element("p", { class: "hint", text: "evaluating…" }));
  const { ok, answer } = await call("POST", "/v1/evaluate", body);
  if (ok) return showDecision(answer);
  const error = answer.error;
  const where = error.path ? ` (at ${error.path})` : "";
  $("decision").replaceChildren(element("p", { class: "error", text: `${error.message}${where} [${error.code}]` }),
    ...(error.hint ? [element("p", { class: "hint", text: `hint: ${error.hint}` })] : []));
}

// --- comparison -------------------------------------------------------------------------------------------------

async function compare() {
  const right = $("compare-edited").checked ? { ruleset: $("ruleset").value } : $("compare-right").value;
  $("comparison").replaceChildren(element("p", { text: "comparing…" }));
  const { ok, answer } = await call("POST", "/v1/compare", { left: $("compare-left").value, right });
  if (!ok) return $("comparison").replaceChildren(element("p", { class: "error", text: `${answer.error.message} [${answer.error.code}]` }));
  const describe = (side) => side === null ? "absent" : element("pre", { text: JSON.stringify(side, null, 1) });
  $("comparison").replaceChildren(
    element("p", { text: answer.equivalent ? "The two rulesets require the same for every case." : `${answer.differences.length} differences.` }),
    table(["subject", "aspect", "left", "right", "a case that shows it"], answer.differences.map((d) => [
      `${d.subject}${d.recipient ? ` (to ${d.recipient})` : ""}`, d.aspect, describe(d.left), describe(d.right),
      element("pre", { text: JSON.stringify(d.witness, null, 1) })])));
}

// --- wiring ---------------------------------------------------------------------------------------------------

function show(view) {
  $("evaluate-view").hidden = view !== "evaluate";
  $("compare-view").hidden = view !== "compare";
  $("show-evaluate").setAttribute("aria-pressed", String(view === "evaluate"));
  $("show-compare").setAttribute("aria-pressed", String(view === "compare"));
}

$("policy-select").addEventListener("change", (event) => loadRuleset(event.target.value));
$("ruleset").addEventListener("input", () => scheduleCheck());
$("evaluate").addEventListener("click", evaluate);
$("clear-case").addEventListener("click", () => { $("case-form").reset(); });
$("compare").addEventListener("click", compare);
$("show-evaluate").addEventListener("click", () => show("evaluate"));
$("show-compare").addEventListener("click", () => show("compare"));
Promise.all([loadPolicies(), buildCaseForm()]).then(() => document.body.setAttribute("data-ready", "yes"));
