/**
 * The report: one self-contained HTML file (inline SVG charts, inline CSS, a small inline script
 * for the decision explorer, the explorer's data as embedded JSON). No network, no CDN; printable.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { charts, toSvg } from "./charts.js"
import type { DemoResult, StrategySummary } from "./run.js"
import { STRATEGY_LABEL } from "./run.js"

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")

/** JSON safe inside a <script> element */
const scriptJson = (x: unknown): string =>
  JSON.stringify(x).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026")

export const pct = (x: number): string => `${(100 * x).toFixed(1)}%`
const eur = (x: number): string => `€${Math.round(x).toLocaleString("en-GB")}`

/** the estimators' warnings (`OffPolicy`'s `fewRewards` and others), if any, as a sentence */
const offPolicyWarnings = (r: DemoResult): string => {
  const all = r.offPolicy.flatMap((x) => x.warnings.map((w) => `${x.policy}, ${x.estimator}: ${w}`))
  return all.length === 0
    ? " The estimators raised no warning."
    : ` <strong>Warnings:</strong> ${all.map((w) => esc(w)).join("; ")}.`
}

/** A table cell carrying its exact value (`data-value`) for tests and for anyone who reads the source. */
const cell = (value: number, text: string): string => `<td class="num" data-value="${value}">${esc(text)}</td>`

const CHANNEL: Readonly<Record<string, string>> = { web: "web", contactCentre: "contact centre" }

/** Stages in a business analyst's words. */
export const STAGE_WORDS: Readonly<Record<string, string>> = {
  availability: "not available at this time",
  channel: "not offered on this channel",
  eligibility: "customer not eligible",
  applicability: "not applicable to this customer",
  suitability: "not suitable for this customer",
  journey: "not for the customer's stage of a journey",
  contactPolicies: "held back by a contact policy (suppression or contact limit)",
  propensity: "no propensity",
  thresholds: "too unlikely to be accepted (below the propensity threshold)",
  arbitration: "lost in arbitration to higher-priority actions",
  limits: "a contact limit was used up by higher-ranked actions"
}

const inboundRow = (s: StrategySummary): string =>
  `<tr data-channel="${s.channel}" data-strategy="${s.strategy}"><td>${esc(CHANNEL[s.channel] ?? s.channel)}</td><td>${esc(STRATEGY_LABEL[s.strategy] ?? s.strategy)}</td>` +
  cell(s.decisions, String(s.decisions)) +
  cell(s.expectedReward, eur(s.expectedReward)) +
  cell(s.oracleShare, pct(s.oracleShare)) +
  cell(s.ctr, pct(s.ctr)) +
  (s.liftOfNba === undefined
    ? `<td>—</td>`
    : `<td class="num" data-value="${s.liftOfNba.value}">${pct(s.liftOfNba.value)} [${pct(s.liftOfNba.low)}, ${pct(s.liftOfNba.high)}] <span class="muted">(true ${pct(s.liftOfNba.trueLift)})</span></td>`) +
  `</tr>`

const CSS = `
:root { --fg: #1d2430; --muted: #667085; --line: #e4e7ec; --accent: #1f5fbf; --bg: #f7f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--fg); background: var(--bg); }
header { background: #14233c; color: #fff; padding: 24px 32px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 0; color: #c9d3e3; }
main { max-width: 1120px; margin: 0 auto; padding: 16px 32px 48px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 16px 0; }
h2 { font-size: 18px; margin: 0 0 8px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.muted { color: var(--muted); }
.kpis { display: flex; flex-wrap: wrap; gap: 12px; margin: 8px 0 12px; }
.kpi { flex: 1 1 180px; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
.kpi b { display: block; font-size: 22px; }
figure.chart { margin: 0; padding: 12px 0; border-top: 1px solid var(--line); break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); max-width: 900px; }
select { font: inherit; padding: 4px 8px; min-width: 280px; }
#explorer-detail .attrs { color: var(--muted); }
.stage { display: inline-block; padding: 0 6px; border-radius: 4px; background: #eef2f8; font-size: 12px; }
.why { color: var(--muted); font-size: 12px; }
@media print {
  body { background: #fff; font-size: 11px; }
  header { background: none; color: #000; padding: 0 0 8px; border-bottom: 2px solid #000; }
  header p { color: #333; }
  main { max-width: none; padding: 0; }
  section { border: none; padding: 0; margin: 12px 0; }
  #explorer select { display: none; }
  figure.chart { page-break-inside: avoid; }
}
`

/** the explorer: renders one customer's decision from the embedded JSON */
const SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById("explorer-data").textContent);
  var words = JSON.parse(document.getElementById("stage-words").textContent);
  var select = document.getElementById("customer");
  var detail = document.getElementById("explorer-detail");
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; }); }
  function num(x, d) { return Number(x).toFixed(d); }
  function show(id) {
    var e = null;
    for (var i = 0; i < data.length; i++) if (data[i].customerId === id) e = data[i];
    if (e === null) { detail.innerHTML = ""; return; }
    var attrs = Object.keys(e.attributes).map(function (k) { return esc(k) + " " + esc(e.attributes[k]); }).join(" · ");
    var h = '<p class="attrs"><b>' + esc(e.customerId) + "</b> · " + attrs + "<br>recent contacts: " + esc(e.history) + "</p>";
    h += "<h3>Ranked actions (priority = P × C × V × L)</h3>";
    if (e.ranked.length === 0) h += "<p>No action: every candidate was excluded.</p>";
    else {
      h += '<table class="ranked"><thead><tr><th>#</th><th>action</th><th>issue › group</th><th>P (propensity)</th><th>C (context weight)</th><th>V (value, €)</th><th>L (lever)</th><th>priority</th></tr></thead><tbody>';
      e.ranked.forEach(function (a) {
        h += '<tr data-action="' + esc(a.actionId) + '"><td>' + a.rank + "</td><td><b>" + esc(a.actionId) + "</b></td><td>" + esc(a.group) +
          '</td><td class="num">' + num(a.propensity, 4) + '</td><td class="num">' + num(a.contextWeight, 2) + '</td><td class="num">' + num(a.value, 0) +
          '</td><td class="num">' + num(a.lever, 2) + '</td><td class="num">' + num(a.priority, 3) + "</td></tr>";
      });
      h += "</tbody></table>";
    }
    h += "<h3>Excluded actions (" + e.excluded.length + ")</h3>";
    h += '<table class="excluded"><thead><tr><th>action</th><th>stage</th><th>why, in words</th></tr></thead><tbody>';
    e.excluded.forEach(function (x) {
      h += '<tr data-action="' + esc(x.actionId) + '"><td>' + esc(x.actionId) + '</td><td><span class="stage">' + esc(x.stage) + "</span></td><td>" +
        esc(words[x.stage] || x.stage) + '<div class="why">' + esc(x.reason) + "</div></td></tr>";
    });
    h += "</tbody></table>";
    h += '<details><summary>the decision as the library renders it (Decision.render)</summary><pre>' + esc(e.text) + "</pre></details>";
    detail.innerHTML = h;
    detail.setAttribute("data-customer", e.customerId);
  }
  select.addEventListener("change", function () { show(select.value); });
  show(select.value);
})();
`

/** The report as HTML text. */
export const reportHtml = async (r: DemoResult): Promise<string> => {
  const list = charts(r)
  const figures: Array<string> = []
  for (const c of list) {
    const svg = await toSvg(c)
    figures.push(
      `<figure class="chart" id="chart-${c.id}" data-chart="${c.id}" data-points="${c.points}">${svg}<figcaption>${esc(c.caption)}</figcaption></figure>`
    )
  }
  const o = r.outbound
  const nbaWeb = r.inbound.find((s) => s.channel === "web" && s.strategy === "nba")
  const options = r.explorer
    .map((e) => {
      const a = e.attributes
      const top = e.ranked[0]?.actionId ?? "no action"
      return `<option value="${esc(e.customerId)}">${esc(e.customerId)} — ${esc(String(a["segment"] ?? ""))}, age ${esc(String(a["age"] ?? "?"))} → ${esc(top)}</option>`
    })
    .join("")
  const summary = {
    seed: r.config.seed,
    config: r.config,
    inbound: r.inbound,
    outbound: { ...o, byAction: undefined },
    offPolicy: r.offPolicy
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>nextbest demo report — seed ${r.config.seed}</title>
<link rel="icon" href="data:,">
<style>${CSS}</style>
</head>
<body>
<header>
<h1>nextbest demo: a retail bank, ${r.config.days} simulated days</h1>
<p>${r.actions} actions · ${r.config.customers} simulated customers with known true response probabilities · seed ${r.config.seed} · web and contact centre inbound, one outbound email run · generated by <code>npm run demo</code></p>
</header>
<main>
<section id="summary">
<h2>Summary</h2>
<div class="kpis">
<div class="kpi">full NBA on the web, share of the oracle's expected reward<b>${nbaWeb === undefined ? "—" : pct(nbaWeb.oracleShare)}</b></div>
<div class="kpi">random action, share of the oracle (population average)<b>${pct(r.randomShare)}</b></div>
<div class="kpi">emails sent in the outbound run<b>${o.sent.toLocaleString("en-GB")}</b></div>
<div class="kpi">expected value of the outbound run<b>${eur(o.expectedValue)}</b></div>
</div>
<h3>Inbound experiment: full NBA against propensity-only and random</h3>
<table id="summary-inbound"><thead><tr><th>channel</th><th>strategy</th><th>decisions</th><th>expected reward</th><th>share of oracle</th><th>CTR</th><th>value lift of NBA over it (95% interval)</th></tr></thead>
<tbody>${r.inbound.map(inboundRow).join("")}</tbody></table>
<h3>Outbound email run</h3>
<table id="summary-outbound"><thead><tr><th>capacity</th><th>used</th><th>cap</th><th>use</th></tr></thead><tbody>
${o.caps.map((c) => `<tr data-cap="${esc(c.id)}"><td>${esc(c.id)}</td>${cell(c.used, String(c.used))}${cell(c.max, String(c.max))}${cell(c.max === 0 ? 0 : c.used / c.max, pct(c.max === 0 ? 0 : c.used / c.max))}</tr>`).join("")}
</tbody></table>
<p class="muted">${o.customers} customers considered, ${o.contacted} contacted, ${o.sent} emails sent, ${o.dropped} candidates dropped by the caps; ${o.expectedResponses.toFixed(1)} expected responses.</p>
<h3>Off-policy estimates of a challenger</h3>
<table id="summary-offpolicy"><thead><tr><th>policy</th><th>estimator</th><th>estimate (€ / decision)</th><th>95% interval</th><th>truth</th><th>interval holds the truth</th><th>effective rewarded rounds</th></tr></thead><tbody>
${r.offPolicy.map((x) => `<tr data-policy="${esc(x.policy)}" data-estimator="${esc(x.estimator)}"><td>${esc(x.policy)}</td><td>${esc(x.estimator)}</td>${cell(x.value, x.value.toFixed(2))}<td class="num">[${x.low.toFixed(2)}, ${x.high.toFixed(2)}]</td>${cell(x.truth, x.truth.toFixed(2))}<td>${x.low <= x.truth && x.truth <= x.high ? "yes" : "no"}</td>${cell(x.effectiveRewards, x.effectiveRewards.toFixed(1))}</tr>`).join("")}
</tbody></table>
<p class="muted">What the bank would have earned per decision with each catalog, estimated only from ${r.config.offPolicyRounds.toLocaleString("en-GB")} rounds a uniformly random policy logged (mean logged reward ${r.loggedMean.toFixed(2)} €). The truth is the same target's expected reward per decision over the whole customer base, which only the simulator knows. A 95% interval holds the truth in about 95% of logs, not in every one. Most of the challenger's value comes from the Mortgage (€600, a response rate of a few per thousand), so the estimate rests on the few logged Mortgage responses: the "effective rewarded rounds" column says how many rounds carry it (OffPolicy warns <code>fewRewards</code> below 10). Each target picks one action per customer and the log one of about seventeen eligible ones, so only about one round in seventeen informs an estimate: the effective sample size warning says so, and is why the log is this long. Measured on seed 1 over 300 simulated logs (<code>npm run demo:coverage</code>): with 1,200 rounds (under one Mortgage response per log) the intervals held the truth in only 72–81% of logs; with 30,000 rounds, in 92.3–94.0%.${offPolicyWarnings(r)}</p>
</section>
<section id="charts">
<h2>Charts</h2>
${figures.join("\n")}
</section>
<section id="explorer">
<h2>Decision explorer</h2>
<p class="muted">${r.explorer.length} customers decided on the web after the ${r.config.days} days, with the learned models (top 3). Some have a synthetic contact history (an offer shown three times this week, an email three days ago) so that contact policies show.</p>
<label for="customer">Customer: </label><select id="customer">${options}</select>
<div id="explorer-detail"></div>
</section>
<footer class="muted">nextbest demo · charts drawn with Vega-Lite, rendered to SVG in Node · no network needed to read this file</footer>
</main>
<script type="application/json" id="demo-summary">${scriptJson(summary)}</script>
<script type="application/json" id="explorer-data">${scriptJson(r.explorer)}</script>
<script type="application/json" id="stage-words">${scriptJson(STAGE_WORDS)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`
}

/** Writes the report to `<dir>/index.html` and returns its absolute path. */
export const writeReport = async (r: DemoResult, dir: string): Promise<string> => {
  const path = resolve(join(dir, "index.html"))
  const html = await reportHtml(r)
  mkdirSync(resolve(dir), { recursive: true })
  writeFileSync(path, html)
  return path
}
