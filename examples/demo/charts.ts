/**
 * The report's charts: Vega-Lite specifications built from a `DemoResult`, compiled to Vega and
 * rendered to SVG in Node (no browser, no canvas: `renderer: "none"`). Each chart knows how many
 * data points it draws, so the report can mark its figure with them and a test can count them.
 */
import * as vega from "vega"
import { compile, type TopLevelSpec } from "vega-lite"
import type { DemoResult } from "./run.js"
import { STRATEGY_LABEL } from "./run.js"
import { STAGES as JOURNEY_STAGES } from "../journey/leasing.js"

/** One chart of the report. */
export interface Chart {
  /** the figure's id (`chart-<id>`) */
  readonly id: string
  readonly title: string
  /** how to read it, in a sentence or two */
  readonly caption: string
  /** the data points drawn (rows of the chart's main data) */
  readonly points: number
  readonly spec: TopLevelSpec
}

const CHANNEL_LABEL: Readonly<Record<string, string>> = { web: "web", contactCentre: "contact centre" }
const label = (s: string): string => STRATEGY_LABEL[s] ?? s
const FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"

const config = {
  font: FONT,
  view: { stroke: "#ddd" },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: "#eee" },
  legend: {
    labelFontSize: 11,
    titleFontSize: 12,
    labelLimit: 400,
    orient: "bottom" as const,
    direction: "horizontal" as const
  },
  header: { labelFontSize: 12, labelFontWeight: "bold" as const, labelPadding: 4 },
  title: { fontSize: 14, anchor: "start" as const }
}

const COLORS: Readonly<Record<string, string>> = {
  nba: "#1f77b4",
  propensityOnly: "#ff7f0e",
  randomAction: "#7f7f7f",
  oracle: "#2ca02c"
}

/** the strategies' colours, for the strategies present */
const strategyColor = (present: ReadonlyArray<string>) => {
  const names = Object.keys(COLORS).filter((s) => present.includes(s))
  return {
    field: "strategyLabel",
    type: "nominal" as const,
    title: "strategy",
    scale: { domain: names.map(label), range: names.map((s) => COLORS[s] as string) }
  }
}

const series = (
  rows: DemoResult["cumulative"],
  id: string,
  title: string,
  yTitle: string,
  caption: string,
  format?: string
): Chart => {
  const values = rows.map((r) => ({
    ...r,
    channelLabel: CHANNEL_LABEL[r.channel] ?? r.channel,
    strategyLabel: label(r.strategy)
  }))
  return {
    id,
    title,
    caption,
    points: values.length,
    spec: {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      title,
      config,
      data: { values },
      hconcat: [...new Set(values.map((v) => v.channel))].map((channel) => ({
        title: { text: CHANNEL_LABEL[channel] ?? channel, fontSize: 12, anchor: "middle" as const },
        transform: [{ filter: { field: "channel", equal: channel } }],
        width: 330,
        height: 240,
        mark: { type: "line" as const, point: { size: 14 }, strokeWidth: 2 },
        encoding: {
          x: {
            field: "x",
            type: "quantitative" as const,
            title: "simulated day",
            scale: { domainMin: 0 },
            axis: { format: "d", tickMinStep: 1 }
          },
          y: {
            field: "y",
            type: "quantitative" as const,
            title: yTitle,
            ...(format === undefined ? {} : { axis: { format } })
          },
          color: strategyColor([...new Set(rows.map((r) => r.strategy))])
        }
      }))
    }
  }
}

/** Every chart of the report, in report order. */
export const charts = (r: DemoResult): ReadonlyArray<Chart> => {
  const cal = r.calibration.bins
  const top = Math.max(0.01, ...cal.map((b) => Math.max(b.high, b.predicted, b.truth))) * 1.05
  const caps = r.outbound.caps.map((c) => ({ ...c, share: c.max === 0 ? 0 : c.used / c.max }))
  const op = r.offPolicy.map((o) => ({ ...o, row: `${o.policy} · ${o.estimator}` }))
  const stageOrder = r.funnel.stages.map((s) => s.stage)
  return [
    series(
      r.cumulative,
      "cumulative",
      "Cumulative expected reward per strategy",
      "expected reward, cumulative (€)",
      "The running sum of true response probability × value of each strategy's chosen actions, against the oracle that always knows the best action. Higher is better; the gap to the oracle is the regret."
    ),
    series(
      r.regret,
      "regret",
      "Cumulative regret per strategy",
      "regret, cumulative (€)",
      "Expected reward the strategy left on the table compared with the oracle, summed over time. A learning strategy's curve bends (grows more slowly) as its models learn; a random strategy's regret grows linearly."
    ),
    series(
      r.ctrByDay,
      "ctr",
      "Click-through (response) rate by day",
      "CTR (responses/decisions)",
      "Realised responses per decision, per simulated day. Propensity-only maximises this rate by offering cheap, likely actions; the full NBA trades some CTR for value.",
      ".0%"
    ),
    {
      id: "calibration",
      title: "Calibration of the learned propensities (reliability plot)",
      caption: `The actions offered to ${r.funnel.decisions} web customers after ${r.config.days} days, in ten equal-count bins of model propensity: the observed response rate with its 95% Wilson interval, and the true probability the simulator knows. A calibrated model's points lie on the diagonal. ECE ${r.calibration.ece.toFixed(4)}, Brier ${r.calibration.brier.toFixed(4)} over ${r.calibration.offered} offers.`,
      points: cal.length,
      spec: {
        $schema: "https://vega.github.io/schema/vega-lite/v6.json",
        title: "Calibration of the learned propensities (reliability plot)",
        config,
        width: 420,
        height: 320,
        layer: [
          {
            data: {
              values: [
                { x: 0, y: 0 },
                { x: top, y: top }
              ]
            },
            mark: { type: "line", strokeDash: [4, 4], color: "#999" },
            encoding: {
              x: { field: "x", type: "quantitative" },
              y: { field: "y", type: "quantitative" }
            }
          },
          {
            data: { values: cal },
            layer: [
              {
                mark: { type: "rule", strokeWidth: 1.5 },
                encoding: {
                  x: { field: "predicted", type: "quantitative" },
                  y: { field: "low", type: "quantitative" },
                  y2: { field: "high" },
                  color: { datum: "observed rate (95% Wilson interval)" }
                }
              },
              {
                mark: { type: "point", filled: true, size: 50 },
                encoding: {
                  x: {
                    field: "predicted",
                    type: "quantitative",
                    title: "mean model propensity in bin",
                    axis: { format: ".1%" },
                    scale: { domain: [0, top] }
                  },
                  y: {
                    field: "observed",
                    type: "quantitative",
                    title: "response rate",
                    axis: { format: ".1%" },
                    scale: { domain: [0, top] }
                  },
                  color: {
                    datum: "observed rate (95% Wilson interval)",
                    title: "",
                    scale: {
                      domain: ["observed rate (95% Wilson interval)", "true probability (simulator)"],
                      range: ["#1f77b4", "#d62728"]
                    }
                  },
                  tooltip: [
                    { field: "count", title: "offers" },
                    { field: "observed", format: ".2%" }
                  ]
                }
              },
              {
                mark: { type: "point", shape: "diamond", size: 40 },
                encoding: {
                  x: { field: "predicted", type: "quantitative" },
                  y: { field: "truth", type: "quantitative" },
                  color: { datum: "true probability (simulator)" }
                }
              }
            ]
          }
        ]
      }
    },
    {
      id: "funnel",
      title: "Decision funnel by stage",
      caption: `${r.funnel.decisions} web decisions with the learned models: how many of the ${r.funnel.candidates} candidates (${r.actions} actions × customers) each stage removed, and how many were left after it. The last stage leaves the actions returned (at most 3 per customer).`,
      points: r.funnel.stages.length,
      spec: {
        $schema: "https://vega.github.io/schema/vega-lite/v6.json",
        title: "Decision funnel by stage",
        config,
        width: 560,
        height: { step: 26 },
        data: { values: r.funnel.stages },
        encoding: {
          y: { field: "stage", type: "nominal", sort: stageOrder, title: "stage (in pipeline order)" }
        },
        layer: [
          {
            mark: { type: "bar", color: "#c7d7ea" },
            encoding: {
              x: { field: "remaining", type: "quantitative", title: "candidates (action × customer)" },
              color: {
                datum: "left after the stage",
                title: "",
                scale: { domain: ["left after the stage", "removed by the stage"], range: ["#c7d7ea", "#d62728"] }
              }
            }
          },
          {
            mark: { type: "bar", height: 10 },
            encoding: { x: { field: "excluded", type: "quantitative" }, color: { datum: "removed by the stage" } }
          },
          {
            mark: { type: "text", align: "left", dx: 4, fontSize: 11 },
            encoding: {
              x: { field: "remaining", type: "quantitative" },
              text: { field: "excluded", type: "quantitative", format: "," }
            }
          }
        ]
      }
    },
    {
      id: "share",
      title: "Per-action share of the full NBA's web decisions over time",
      caption:
        "Which actions the full NBA strategy returned on the web, per window of one simulated day. Early on exploration spreads the offers; as the models learn, value-weighted winners take over.",
      points: r.actionShare.length,
      spec: {
        $schema: "https://vega.github.io/schema/vega-lite/v6.json",
        title: "Per-action share of the full NBA's web decisions over time",
        config: { ...config, legend: { ...config.legend, columns: 5, symbolLimit: 40 } },
        width: 640,
        height: 260,
        data: { values: r.actionShare },
        mark: { type: "area" },
        encoding: {
          x: { field: "day", type: "quantitative", title: "simulated day", axis: { format: "d", tickMinStep: 1 } },
          y: {
            field: "share",
            type: "quantitative",
            stack: "normalize",
            title: "share of decisions",
            axis: { format: "%" }
          },
          color: { field: "actionId", type: "nominal", title: "action", scale: { scheme: "tableau20" } },
          order: { field: "actionId" }
        }
      }
    },
    {
      id: "capacity",
      title: "Outbound email run: capacity use against caps",
      caption: `The nightly email run over ${r.outbound.customers} customers: ${r.outbound.sent} emails sent under the volume caps. Bars are what was used, the black tick the cap.`,
      points: caps.length,
      spec: {
        $schema: "https://vega.github.io/schema/vega-lite/v6.json",
        title: "Outbound email run: capacity use against caps",
        config,
        width: 520,
        height: { step: 30 },
        data: { values: caps },
        encoding: { y: { field: "id", type: "nominal", title: "capacity", sort: null } },
        layer: [
          {
            mark: { type: "bar", height: 16 },
            encoding: {
              x: { field: "used", type: "quantitative", title: "emails (count)" },
              color: {
                datum: "used",
                title: "",
                scale: { domain: ["used", "cap"], range: ["#1f77b4", "#000"] }
              }
            }
          },
          {
            mark: { type: "tick", thickness: 3, size: 24 },
            encoding: { x: { field: "max", type: "quantitative" }, color: { datum: "cap" } }
          },
          {
            mark: { type: "text", align: "left", dx: 6, fontSize: 11 },
            encoding: { x: { field: "max", type: "quantitative" }, text: { field: "share", format: ".0%" } }
          }
        ]
      }
    },
    {
      id: "offpolicy",
      title: "Off-policy estimates from the logged decisions",
      caption: `Estimated value per decision of the learned champion and a challenger catalog, from ${r.config.offPolicyRounds.toLocaleString("en-GB")} rounds logged by a uniformly random policy (mean logged reward ${r.loggedMean.toFixed(2)} €): SNIPS and doubly robust estimates with 95% normal intervals, and the truth the simulator knows (red): the target's expected reward per decision over the whole customer base. A 95% interval misses the truth in about one log in twenty.`,
      points: op.length,
      spec: {
        $schema: "https://vega.github.io/schema/vega-lite/v6.json",
        title: "Off-policy estimates from the logged decisions",
        config,
        width: 520,
        height: { step: 34 },
        data: { values: op },
        encoding: { y: { field: "row", type: "nominal", title: null, sort: null, axis: { labelLimit: 400 } } },
        layer: [
          {
            mark: { type: "rule", strokeWidth: 2 },
            encoding: {
              x: { field: "low", type: "quantitative", title: "expected reward per decision (€)" },
              x2: { field: "high" },
              color: {
                datum: "estimate (95% interval)",
                title: "",
                scale: { domain: ["estimate (95% interval)", "truth (simulator)"], range: ["#1f77b4", "#d62728"] }
              }
            }
          },
          {
            mark: { type: "point", filled: true, size: 60 },
            encoding: { x: { field: "value", type: "quantitative" }, color: { datum: "estimate (95% interval)" } }
          },
          {
            mark: { type: "tick", thickness: 2, size: 22 },
            encoding: { x: { field: "truth", type: "quantitative" }, color: { datum: "truth (simulator)" } }
          }
        ]
      }
    },
    {
      id: "journey",
      title: "Car-leasing journey: subjects per stage over time",
      caption: `The leasing journey of examples/journey over ${r.journey.customers} customers whose lease end dates vary, one email a week for ${r.journey.weeks} weeks: how many are in each stage at each week's decision. An accepted action moves a customer to the next stage, a lapse moves them back, and the offer stage's entry criteria (from 120 to 30 days before the lease ends) place customers directly; ${r.journey.progressions} progression events in the feedback outbox.`,
      points: r.journey.stages.length,
      spec: {
        $schema: "https://vega.github.io/schema/vega-lite/v6.json",
        title: "Car-leasing journey: subjects per stage over time",
        config: { ...config, legend: { ...config.legend, columns: 6 } },
        width: 640,
        height: 260,
        data: { values: r.journey.stages.map((x) => ({ ...x, order: JOURNEY_STAGES.indexOf(x.stage as never) })) },
        // a point per week and stage on top of the areas: every data point is drawn
        mark: { type: "area", line: { strokeWidth: 1 }, point: { size: 10, filled: true } },
        encoding: {
          x: { field: "week", type: "quantitative", title: "simulated week", axis: { format: "d", tickMinStep: 1 } },
          y: { field: "subjects", type: "quantitative", stack: "zero", title: "customers" },
          color: {
            field: "stage",
            type: "nominal",
            title: "stage",
            sort: [...JOURNEY_STAGES],
            scale: { domain: [...JOURNEY_STAGES], scheme: "viridis" }
          },
          order: { field: "order" }
        }
      }
    }
  ]
}

/** A chart as SVG text. */
export const toSvg = async (chart: Chart): Promise<string> => {
  const view = new vega.View(vega.parse(compile(chart.spec).spec), { renderer: "none" })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}
