// What the playground keeps beside its database, so that a restart shows what was there: the stand-in's
// conversations, Home tabs and shared files, and how far the clock was moved. Without it, a start begins from the demo.
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FakeEphemeral, FakeMessage, FakeView } from "../fake-slack/server.js";
import type { FakeFile, FakeWorkspace } from "../fake-slack/state.js";
import type { PlaygroundClock } from "./clock.js";

interface Saved {
  readonly offsetMs: number;
  readonly histories: [string, FakeMessage[]][];
  readonly ephemerals: FakeEphemeral[];
  readonly homes: [string, FakeView][];
  /** Files shared into a conversation (exports), their bytes in base64. */
  readonly files?: (Omit<FakeFile, "content"> & { content: string })[];
}

const FILE = "playground.json";
const SAVE_EVERY_MS = 2_000;

export class SavedState {
  private last = "";
  private timer: NodeJS.Timeout | undefined;
  /** The save being written: the timer's and a reset's would otherwise race for the same temporary file. */
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly workspace: FakeWorkspace,
    private readonly clock: PlaygroundClock,
  ) {}

  /** Puts back what was saved; false when nothing was (a first start, or a file that cannot be read). */
  async restore(): Promise<boolean> {
    let saved: Saved;
    try {
      saved = JSON.parse(await readFile(join(this.dir, FILE), "utf8")) as Saved;
    } catch {
      return false;
    }
    for (const [id, messages] of saved.histories) this.workspace.histories.set(id, messages);
    this.workspace.ephemerals.push(...saved.ephemerals);
    for (const [user, view] of saved.homes) this.workspace.homes.set(user, view);
    for (const file of saved.files ?? [])
      this.workspace.files.set(file.id, { ...file, content: Buffer.from(file.content, "base64") });
    this.clock.offset = saved.offsetMs;
    this.last = JSON.stringify(saved);
    return true;
  }

  /** Writes the state when it changed (the scheduler posts on its own, so this also runs every 2 s). */
  save(): Promise<void> {
    const next = this.writing.then(() => this.write());
    this.writing = next.catch(() => {});
    return next;
  }

  private async write(): Promise<void> {
    const saved: Saved = {
      offsetMs: this.clock.offset,
      histories: [...this.workspace.histories.entries()],
      ephemerals: this.workspace.ephemerals,
      homes: [...this.workspace.homes.entries()],
      files: [...this.workspace.files.values()]
        .filter((f) => f.sharedTs !== undefined)
        .map((f) => ({ ...f, content: (f.content ?? Buffer.alloc(0)).toString("base64") })),
    };
    const text = JSON.stringify(saved);
    if (text === this.last) return;
    this.last = text;
    const path = join(this.dir, FILE);
    // Whole or not at all: a crash mid-write leaves the previous file.
    await writeFile(`${path}.tmp`, text);
    await rename(`${path}.tmp`, path);
  }

  start(onError: (err: unknown) => void): void {
    this.timer = setInterval(() => void this.save().catch(onError), SAVE_EVERY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.save();
  }
}
