// One history export (as `npm run mlops -- export` runs it) in a process of its own, written to a sink that only
// counts: its wall time, rows, bytes and peak RSS go back to the parent.
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type ExportFormat, type ExportKind, exportStream } from "../src/services/export.js";
import { runTask } from "./child-main.js";
import { benchDatabase } from "./postgres.js";

export interface ExportChildOptions {
  databaseUrl: string;
  kind: ExportKind;
  format: ExportFormat;
}

export interface ExportChildResult {
  wallMs: number;
  rows: number;
  bytes: number;
  peakRssMb: number;
  peakHeapMb: number;
}

// The CLI's pool: the bot's settings (src/db/connect.ts), a query fails after 2 s.
const POOL = { max: 10, queryTimeoutMs: 2_000 };

runTask<ExportChildOptions>(async (options) => {
  const db = benchDatabase(options.databaseUrl, POOL);
  let peakHeap = 0;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 50);
  let bytes = 0;
  let lines = 0;
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const text = String(chunk);
      bytes += Buffer.byteLength(text);
      for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lines++;
      done();
    },
  });
  try {
    const started = performance.now();
    await pipeline(
      exportStream({ db, clock: () => new Date() }, { kind: options.kind, format: options.format }),
      sink,
    );
    const result: ExportChildResult = {
      wallMs: performance.now() - started,
      // A CSV has a header line; JSON Lines has none.
      rows: options.format === "csv" ? lines - 1 : lines,
      bytes,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      peakHeapMb: peakHeap / 2 ** 20,
    };
    return result;
  } finally {
    clearInterval(sampler);
    await db.destroy();
  }
});
