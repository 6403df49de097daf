// The read cache of the hot paths (/mlops status and teams, App Home, the team a check-in is for): what they
// read from the database, kept in memory until the database says it changed (db/change-feed.ts). It holds
// database reads only, never anything computed from "now" or read from Slack.
import type { Change, ChangeListener } from "../db/change-feed.js";

/**
 * What a cached value was read from: the ml_teams ids whose own rows (answers, snapshots) it includes, or
 * "workspace" for anything of the workspace. Every value also depends on its workspace's teams, respondents
 * and people, whose changes are told per workspace.
 */
export type Dependencies = readonly number[] | "workspace";

/** The port services read through. Values come back shared: callers must not change them. */
export interface ReadCache {
  read<T>(
    workspace: string,
    key: string,
    load: () => Promise<T>,
    dependsOn: (value: T) => Dependencies,
  ): Promise<T>;
  /** Resolves once the cache has heard of every change committed so far: a writer's reads then see its writes. */
  settle(): Promise<void>;
}

/** No cache: every read goes to the database (the CLI, tick, and tests that want none). */
export const UNCACHED: ReadCache = { read: (_workspace, _key, load) => load(), settle: async () => {} };

/** `load()` through `cache` when there is one. */
export function readThrough<T>(
  cache: ReadCache | undefined,
  workspace: string,
  key: string,
  load: () => Promise<T>,
  dependsOn: (value: T) => Dependencies,
): Promise<T> {
  return cache ? cache.read(workspace, key, load, dependsOn) : load();
}

/** The default size cap: entries are a team's standing or a person's Home, a few kB at most each. */
export const DEFAULT_CACHE_ENTRIES = 5_000;

interface Entry {
  readonly workspace: string;
  readonly dependencies: ReadonlySet<number> | "workspace";
  readonly value: unknown;
}

interface Load {
  readonly promise: Promise<unknown>;
  readonly epoch: number;
  readonly generation: number;
}

export interface CacheStats {
  readonly live: boolean;
  readonly entries: number;
  readonly hits: number;
  readonly misses: number;
}

/**
 * A bounded LRU map kept true by a ChangeListener. It serves nothing while not listening (every read goes to
 * the database), and is emptied both when listening stops and when it starts again. A read that began before
 * an invalidation of its workspace (or of everything) does not store what it read: it may be older than the
 * change. Concurrent misses of one key share one load, but only one begun since the latest invalidation.
 */
export class MemoryReadCache implements ReadCache, ChangeListener {
  readonly #capacity: number;
  /** Every entry, least recently used first. */
  readonly #entries = new Map<string, Entry>();
  /** The ids of the entries of each workspace, so that a change looks only at its own. */
  readonly #byWorkspace = new Map<string, Set<string>>();
  readonly #loads = new Map<string, Load>();
  /** Bumped by every change to a workspace, so that reads begun before it do not store. */
  readonly #generations = new Map<string, number>();
  #epoch = 0;
  #live = false;
  #settle: () => Promise<void> = async () => {};
  #hits = 0;
  #misses = 0;

  constructor(capacity = DEFAULT_CACHE_ENTRIES) {
    this.#capacity = capacity;
  }

  async read<T>(
    workspace: string,
    key: string,
    load: () => Promise<T>,
    dependsOn: (value: T) => Dependencies,
  ): Promise<T> {
    if (!this.#live || this.#capacity === 0) return load();
    const id = `${workspace}\u0000${key}`;
    const entry = this.#entries.get(id);
    if (entry) {
      this.#hits += 1;
      this.#entries.delete(id); // most recently used last
      this.#entries.set(id, entry);
      return entry.value as T;
    }
    this.#misses += 1;
    const epoch = this.#epoch;
    const generation = this.#generationOf(workspace);
    const running = this.#loads.get(id);
    if (running && running.epoch === epoch && running.generation === generation)
      return running.promise as Promise<T>;
    const promise = load();
    this.#loads.set(id, { promise, epoch, generation });
    try {
      const value = await promise;
      if (this.#live && this.#epoch === epoch && this.#generationOf(workspace) === generation)
        this.#store(id, { workspace, dependencies: dependencySet(dependsOn(value)), value });
      return value;
    } finally {
      if (this.#loads.get(id)?.promise === promise) this.#loads.delete(id);
    }
  }

  /** How to wait for the changes committed so far to be heard: the feed's settle(). */
  settleThrough(feed: { settle(): Promise<void> }): void {
    this.#settle = () => feed.settle();
  }

  settle(): Promise<void> {
    return this.#settle();
  }

  changed(change: Change): void {
    if (change.kind === "all") {
      this.#reset();
      return;
    }
    const { workspace } = change;
    this.#generations.set(workspace, this.#generationOf(workspace) + 1);
    for (const id of this.#byWorkspace.get(workspace) ?? []) {
      const dependencies = this.#entries.get(id)?.dependencies;
      if (change.kind === "workspace" || dependencies === "workspace" || dependencies?.has(change.mlTeamId))
        this.#delete(id, workspace);
    }
  }

  listening(live: boolean): void {
    this.#reset();
    this.#live = live;
  }

  stats(): CacheStats {
    return { live: this.#live, entries: this.#entries.size, hits: this.#hits, misses: this.#misses };
  }

  #reset(): void {
    this.#epoch += 1;
    this.#entries.clear();
    this.#byWorkspace.clear();
    this.#loads.clear();
  }

  #generationOf(workspace: string): number {
    return this.#generations.get(workspace) ?? 0;
  }

  #store(id: string, entry: Entry): void {
    this.#entries.set(id, entry);
    let ids = this.#byWorkspace.get(entry.workspace);
    if (!ids) {
      ids = new Set();
      this.#byWorkspace.set(entry.workspace, ids);
    }
    ids.add(id);
    if (this.#entries.size <= this.#capacity) return;
    const oldest = this.#entries.entries().next();
    if (!oldest.done) this.#delete(oldest.value[0], oldest.value[1].workspace);
  }

  #delete(id: string, workspace: string): void {
    this.#entries.delete(id);
    const ids = this.#byWorkspace.get(workspace);
    ids?.delete(id);
    if (ids?.size === 0) this.#byWorkspace.delete(workspace);
  }
}

function dependencySet(dependencies: Dependencies): ReadonlySet<number> | "workspace" {
  return dependencies === "workspace" ? dependencies : new Set(dependencies);
}
