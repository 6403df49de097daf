// A memory cgroup of a given size, as `docker run --memory=…` gives a container: the bot process joins it
// before node starts, so everything node allocates counts against the limit. Needs a writable cgroup v1
// memory hierarchy (root on Linux); `available` is false elsewhere and the tests that need it are skipped.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const MEMORY = "/sys/fs/cgroup/memory";

export interface MemoryGroup {
  readonly available: boolean;
  readonly limitBytes: number;
  /** What starts node inside the group: a shell joins it, then becomes node. */
  readonly wrapper: string[];
  /** Times the kernel killed a process of the group for memory. */
  oomKills(): number;
  /** The most the group ever held, in bytes. */
  maxUsageBytes(): number;
  remove(): Promise<void>;
}

export function memoryGroup(name: string, limitBytes: number): MemoryGroup {
  const group = join(MEMORY, `mlops-test-${name}-${process.pid}`);
  const read = (file: string) => readFileSync(join(group, file), "utf8");
  const available = existsSync(join(MEMORY, "cgroup.procs")) && make(group, limitBytes);
  return {
    available,
    limitBytes,
    wrapper: ["sh", "-c", `echo $$ > ${join(group, "cgroup.procs")} && exec "$0" "$@"`],
    oomKills: () => Number(/^oom_kill (\d+)$/m.exec(read("memory.oom_control"))?.[1] ?? 0),
    maxUsageBytes: () => Number(read("memory.max_usage_in_bytes")),
    remove: async () => {
      // A killed process leaves the group a moment after it exits.
      for (let tries = 0; available && existsSync(group); tries++) {
        try {
          rmdirSync(group);
        } catch (err) {
          if (tries >= 50) throw err;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    },
  };
}

function make(group: string, limitBytes: number): boolean {
  try {
    mkdirSync(group);
    writeFileSync(join(group, "memory.limit_in_bytes"), String(limitBytes));
    return true;
  } catch {
    return false;
  }
}
