// What a process costs, read from /proc (Linux) from outside, so measuring costs the measured process nothing.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** A process's resident set size in bytes; undefined once it has exited (or without /proc). */
export function residentBytes(pid: number): number | undefined {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readProc(pid, "status") ?? "")?.[1];
  return kb === undefined ? undefined : Number(kb) * 1024;
}

let ticksPerSecond: number | undefined;

/** CPU time (user + system) the processes have used so far, in ms; exited ones count as 0. */
export function cpuMs(pids: readonly number[]): number {
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  let ticks = 0;
  for (const pid of pids) {
    // The command name may hold spaces, so fields are counted after its closing parenthesis.
    const fields = (readProc(pid, "stat") ?? "").split(") ")[1]?.split(" ") ?? [];
    ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  }
  return (ticks * 1000) / ticksPerSecond;
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return undefined;
  }
}

export interface RssSummary {
  peakMb: number;
  meanMb: number;
  samples: number;
}

/** Samples another process's RSS every `everyMs` until stopped. */
export function sampleRss(pid: number, everyMs = 100): { stop(): RssSummary } {
  const samples: number[] = [];
  const take = () => {
    const bytes = residentBytes(pid);
    if (bytes !== undefined) samples.push(bytes / 2 ** 20);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      take();
      return {
        peakMb: samples.length ? Math.max(...samples) : Number.NaN,
        meanMb: samples.length ? samples.reduce((a, b) => a + b, 0) / samples.length : Number.NaN,
        samples: samples.length,
      };
    },
  };
}

/** The most a process has held resident so far (the kernel's high-water mark), in bytes. */
export function peakResidentBytes(pid: number): number | undefined {
  const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readProc(pid, "status") ?? "")?.[1];
  return kb === undefined ? undefined : Number(kb) * 1024;
}
