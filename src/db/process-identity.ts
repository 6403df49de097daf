// Who a process is, beyond its pid: pids are reused, and in a container the bot is always PID 1, so a pid
// alone cannot tell a running owner from a dead one. Linux also gives each process's start time (ticks since
// boot, /proc/<pid>/stat field 22) and each boot an id; together with the pid they name one process.
import { readFileSync } from "node:fs";

export interface ProcessIdentity {
  readonly pid: number;
  /** Clock ticks after boot at which it started; undefined where /proc is not available. */
  readonly startTime: string | undefined;
  /** The kernel's id for this boot; undefined where /proc is not available. */
  readonly bootId: string | undefined;
}

export function currentProcess(): ProcessIdentity {
  return { pid: process.pid, startTime: startTimeOf(process.pid), bootId: bootId() };
}

/** Whether the process named is running now: same pid, same start, same boot. */
export function isRunning(owner: ProcessIdentity): boolean {
  const boot = bootId();
  if (owner.bootId !== undefined && boot !== undefined && owner.bootId !== boot) return false;
  if (!pidExists(owner.pid)) return false;
  const started = startTimeOf(owner.pid);
  if (owner.startTime !== undefined && started !== undefined) return owner.startTime === started;
  // Without start times (no /proc) only the pid is known; our own pid can only be ours.
  return true;
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // it exists, but belongs to someone else
  }
}

function startTimeOf(pid: number): string | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  // The command name (field 2) is in parentheses and may itself hold spaces or parentheses.
  const fields = stat?.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields?.[19]; // field 22 counts from 1, and these fields start at field 3
}

function bootId(): string | undefined {
  return readProc("/proc/sys/kernel/random/boot_id")?.trim() || undefined;
}

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}
