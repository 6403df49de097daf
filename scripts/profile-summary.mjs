// node scripts/profile-summary.mjs <file.cpuprofile> [top]: where a V8 CPU profile's time went, as
// self time per function and per part of the stack (the bot, Bolt, other packages, Node, GC, idle).
import { readFileSync } from "node:fs";

const [file, top = "25"] = process.argv.slice(2);
if (!file) {
  console.error("usage: node scripts/profile-summary.mjs <file.cpuprofile> [top]");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}

function partOf({ functionName, url }) {
  if (functionName === "(garbage collector)") return "garbage collection";
  if (functionName === "(idle)") return "idle";
  if (functionName === "(program)") return "V8 and native (program)";
  if (url.includes("/@slack/bolt/")) return "Bolt";
  if (url.includes("/@slack/")) return "other @slack packages";
  if (url.includes("/node_modules/")) return `package ${url.split("/node_modules/").pop().split("/")[0]}`;
  if (url.includes("/dist/")) return "the bot (dist/)";
  if (url.startsWith("node:") || url === "") return "Node.js";
  return url;
}

const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
const parts = new Map();
const functions = new Map();
for (const [id, us] of selfUs) {
  const frame = byId.get(id).callFrame;
  add(parts, partOf(frame), us);
  const where = frame.url ? `${frame.url.split("/").slice(-2).join("/")}:${frame.lineNumber + 1}` : "";
  add(functions, `${frame.functionName || "(anonymous)"} ${where}`, us);
}
const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]);
console.log(`${file}: ${(total / 1e6).toFixed(2)} s sampled`);
for (const [part, us] of sorted(parts)) console.log(`${pct(us)}  ${part}`);
console.log(`\ntop ${top} functions by self time:`);
for (const [name, us] of sorted(functions).slice(0, Number(top))) console.log(`${pct(us)}  ${name}`);
