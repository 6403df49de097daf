// The history export of the whole benchmark organisation, each kind and format in a process of its own.
import { join } from "node:path";
import { runTaskProcess } from "./child.js";
import type { ExportChildOptions, ExportChildResult } from "./export-child.js";

export interface ExportRun extends ExportChildResult {
  label: string;
}

const RUNS: { label: string; kind: ExportChildOptions["kind"]; format: ExportChildOptions["format"] }[] = [
  { label: "answers, CSV", kind: "answers", format: "csv" },
  { label: "answers, JSON Lines", kind: "answers", format: "json" },
  { label: "levels, CSV", kind: "levels", format: "csv" },
];

export async function runExports(databaseUrl: string, logDir: string): Promise<ExportRun[]> {
  const runs: ExportRun[] = [];
  for (const { label, kind, format } of RUNS) {
    console.log(`  export: ${label}…`);
    const options: ExportChildOptions = { databaseUrl, kind, format };
    const result = await runTaskProcess<ExportChildResult>(
      "export-child",
      options,
      join(logDir, "export.log"),
    );
    runs.push({ label, ...result });
  }
  return runs;
}
