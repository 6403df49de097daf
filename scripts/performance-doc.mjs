// node scripts/performance-doc.mjs: writes docs/performance.md from bench/results/*.json, so that every figure
// in it comes from a benchmark's own output (run the benchmark, then this script). No figure is typed by hand.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";

const RESULTS = new URL("../bench/results/", import.meta.url);
const DOC = new URL("../docs/performance.md", import.meta.url);

/** What each results file is, and the command that writes it. */
const SOURCES = {
  "floors.json": ["The hot paths beside their floors", "npm run bench:floors"],
  "latest.json": ["The organisation benchmark", "npm run bench"],
  "hot-paths.json": ["The hot paths beside bare Bolt, 200 teams", "npm run bench:hot-paths"],
  "slow-database.json": ["Commands while a table is locked", "npm run bench:slow-database"],
  "reliability.json": ["Reliability: faults caused for real", "npm run bench:reliability"],
  "startup.json": ["Start-up and memory", "npm run bench:startup"],
  "webhooks.json": ["GitHub webhook deliveries", "npm run bench:webhooks"],
  "platform.json": [
    "The platform lead's view: the read API, group roll-ups, the tick's statements",
    "npm run bench:platform",
  ],
};

const fixed = (n, digits = 0) => (typeof n === "number" && Number.isFinite(n) ? n.toFixed(digits) : "n/a");
const cell = (v) =>
  typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(1)) : String(v ?? "");

function table(header, rows) {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ];
}

/** Rows of flat objects (nested values left out) as a table. */
function objectTable(rows) {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => typeof r[k] !== "object")))];
  return table(
    keys,
    rows.map((r) => keys.map((k) => cell(r[k]))),
  );
}

function targetsTable(targets) {
  return table(
    ["target", "goal", "actual", ""],
    targets.map((t) => [t.name, t.target, t.actual, t.pass ? "PASS" : "FAIL"]),
  );
}

const rate = (path, run) => (path === "home" ? run?.publish?.perSec : run?.reqPerSec);
const p99 = (path, run) => (path === "home" ? run?.publish?.p99Ms : run?.p99Ms);

/** Every app of floors.json at every connection count, with its ratio to the floor of its round. */
function floorsTable({ comparisons }) {
  const rows = comparisons.flatMap(({ path, bare, floor, ours }) => {
    const floorAt = (round, connections) => floor[round]?.runs.find((r) => r.connections === connections);
    const row = (who, run, base) => [
      path,
      who,
      String(run.connections),
      fixed(rate(path, run)),
      fixed(p99(path, run), 1),
      String(run.errors + (run.publish?.missing ?? 0)),
      `${fixed(rate(path, run) / rate(path, base), 2)}×`,
      `${fixed(p99(path, run) / p99(path, base), 2)}×`,
      fixed(path === "home" ? run.publish?.viewBytes : run.replyBytes),
      fixed(run.cpuUsPerRequest?.app ?? Number.NaN),
    ];
    return [
      ...bare.runs.map((r) => row("bare Bolt", r, floorAt(0, r.connections))),
      ...floor.flatMap((f, i) => f.runs.map((r) => row(`floor, round ${i + 1}`, r, r))),
      ...ours.flatMap((o, i) =>
        o.runs.map((r) => row(`the bot, round ${i + 1}`, r, floorAt(i, r.connections))),
      ),
    ];
  });
  return [
    ...table(
      [
        "path",
        "app",
        "conns",
        "rate /s",
        "p99 ms",
        "errors",
        "× floor rate",
        "× floor p99",
        "reply bytes",
        "app CPU µs/req",
      ],
      rows,
    ),
    "",
    "Rate: requests a second; for the App Home, `views.publish` calls a second (what a person waits for), " +
      "every person of the organisation opening their Home once. Ratios are against the floor of the same round.",
  ];
}

/** The webhook runs of webhooks.json, one row per database. */
function webhooksTable({ runs }) {
  return [
    ...table(
      [
        "database",
        "sent",
        "redelivered",
        "s",
        "ack p50 ms",
        "ack p99 ms",
        "max ms",
        "errors",
        "wrong answers",
        "deliveries stored / distinct sent",
        "signals stored / expected",
        "RSS peak MB",
        "RSS high-water MB",
        "bot CPU µs/delivery",
      ],
      runs.map((r) => [
        r.database,
        String(r.sent),
        String(r.redeliveries),
        fixed(r.seconds, 1),
        fixed(r.p50Ms, 1),
        fixed(r.p99Ms, 1),
        fixed(r.maxMs),
        r.errorStatuses ? `${r.errors} (${r.errorStatuses})` : String(r.errors),
        String(r.wrongOutcomes),
        `${r.storedDeliveries} / ${r.distinct}`,
        `${r.storedSignals} / ${r.expectedSignals}`,
        fixed(r.peakRssMb),
        fixed(r.highWaterRssMb),
        fixed(r.botCpuUsPerDelivery),
      ]),
    ),
    "",
    `${runs[0]?.repositories ?? "?"} linked repositories; ack from the request to the last byte of the answer. ` +
      "Latency targets on this shared machine move with what else runs on it: re-run before judging them.",
  ];
}

function section(file, result) {
  const [title, command] = SOURCES[file] ?? [file, "its benchmark"];
  const machine = result.machine
    ? `${result.machine.cores} cores (${result.machine.cpu}), Node ${result.machine.node}, PostgreSQL ${result.machine.postgres}`
    : "";
  const lines = [
    `## ${title}`,
    "",
    `\`${command}\` → [\`bench/results/${file}\`](../bench/results/${file}); run ${result.date ?? "?"}${machine ? ` on ${machine}` : ""}.`,
    "",
  ];
  if (file === "floors.json") lines.push(...floorsTable(result), "");
  if (file === "webhooks.json") lines.push(...webhooksTable(result), "");
  else
    for (const key of ["rows", "outcomes", "runs"])
      if (Array.isArray(result[key])) lines.push(...objectTable(result[key]), "");
  if (Array.isArray(result.targets)) lines.push(...targetsTable(result.targets), "");
  return lines;
}

const files = readdirSync(RESULTS)
  .filter((f) => f.endsWith(".json"))
  .sort((a, b) => Object.keys(SOURCES).indexOf(a) - Object.keys(SOURCES).indexOf(b));
const doc = [
  "# Performance",
  "",
  "Generated by `node scripts/performance-doc.mjs` from `bench/results/*.json`; do not edit by hand. " +
    "The machine these run on is shared and small (load generator, apps and Postgres on the same cores): " +
    "absolute figures move from run to run, so read the ratios between apps measured in the same run.",
  "",
  ...files.flatMap((f) => section(f, JSON.parse(readFileSync(new URL(f, RESULTS), "utf8")))),
];
writeFileSync(DOC, `${doc.join("\n").trimEnd()}\n`);
console.log(`wrote ${DOC.pathname}`);
