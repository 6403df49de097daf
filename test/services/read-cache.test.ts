import { describe, expect, it } from "vitest";
import { parseChange } from "../../src/db/change-feed.js";
import { type Dependencies, MemoryReadCache } from "../../src/services/read-cache.js";

/** A cache that is listening, and a read that counts how often it went to the "database". */
function listeningCache(capacity?: number) {
  const cache = new MemoryReadCache(capacity);
  cache.listening(true);
  let loads = 0;
  const read = (key: string, value: string, dependencies: Dependencies = [1], workspace = "T1") =>
    cache.read(
      workspace,
      key,
      async () => {
        loads += 1;
        return value;
      },
      () => dependencies,
    );
  return { cache, read, loads: () => loads };
}

/** A load that finishes only when told to, to interleave a change with it. */
function pending<T>() {
  let finish: (value: T) => void = () => {};
  const promise = new Promise<T>((resolve) => {
    finish = resolve;
  });
  return { promise, finish };
}

describe("MemoryReadCache", () => {
  it("answers a second read from memory, until a change of the team it was read from", async () => {
    const { cache, read, loads } = listeningCache();
    expect(await read("status C1", "old")).toBe("old");
    expect(await read("status C1", "unused")).toBe("old");
    expect(loads()).toBe(1);
    cache.changed(parseChange("T1:2")); // another team
    expect(await read("status C1", "unused")).toBe("old");
    cache.changed(parseChange("T9:1")); // the same id in another workspace
    expect(await read("status C1", "unused")).toBe("old");
    cache.changed(parseChange("T1:1"));
    expect(await read("status C1", "new")).toBe("new");
    expect(loads()).toBe(2);
  });

  it("drops everything of a workspace on a change of the workspace, everything on `*`, and values of the whole workspace on any of its changes", async () => {
    const { cache, read } = listeningCache();
    await read("a", "a1", [1]);
    await read("b", "b1", "workspace");
    await read("c", "c1", [1], "T2");
    cache.changed(parseChange("T1:7"));
    expect([
      await read("a", "a2"),
      await read("b", "b2", "workspace"),
      await read("c", "c2", [1], "T2"),
    ]).toEqual(["a1", "b2", "c1"]);
    cache.changed(parseChange("T1"));
    expect([await read("a", "a3"), await read("c", "c3", [1], "T2")]).toEqual(["a3", "c1"]);
    cache.changed(parseChange("*"));
    expect(await read("c", "c4", [1], "T2")).toBe("c4");
  });

  it("does not keep what a read begun before a change of its workspace read, which may be older than the change", async () => {
    const cache = new MemoryReadCache();
    cache.listening(true);
    const slow = pending<string>();
    const first = cache.read(
      "T1",
      "k",
      () => slow.promise,
      () => [1],
    );
    cache.changed(parseChange("T1:5")); // even another team's: the read cannot tell what it saw
    slow.finish("before the change");
    expect(await first).toBe("before the change");
    expect(
      await cache.read(
        "T1",
        "k",
        async () => "after",
        () => [1],
      ),
    ).toBe("after");
  });

  it("lets a read join a load of the same key begun since the last change, never one begun before it", async () => {
    const cache = new MemoryReadCache();
    cache.listening(true);
    const old = pending<string>();
    const first = cache.read(
      "T1",
      "k",
      () => old.promise,
      () => [1],
    );
    const joined = cache.read(
      "T1",
      "k",
      async () => "second load",
      () => [1],
    );
    cache.changed(parseChange("T1:1"));
    const afterChange = cache.read(
      "T1",
      "k",
      async () => "fresh",
      () => [1],
    );
    old.finish("old");
    expect(await Promise.all([first, joined, afterChange])).toEqual(["old", "old", "fresh"]);
    expect(
      await cache.read(
        "T1",
        "k",
        async () => "unused",
        () => [1],
      ),
    ).toBe("fresh");
  });

  it("reads from the database while not listening, and starts empty when listening again", async () => {
    const { cache, read, loads } = listeningCache();
    await read("k", "v1");
    cache.listening(false);
    expect(await read("k", "v2")).toBe("v2");
    expect(await read("k", "v3")).toBe("v3");
    expect(cache.stats()).toMatchObject({ live: false, entries: 0 });
    cache.listening(true);
    expect(await read("k", "v4")).toBe("v4");
    expect(await read("k", "unused")).toBe("v4");
    expect(loads()).toBe(4);
  });

  it("does not keep a read that was under way when listening stopped, even once it is listening again", async () => {
    const cache = new MemoryReadCache();
    cache.listening(true);
    const slow = pending<string>();
    const during = cache.read(
      "T1",
      "k",
      () => slow.promise,
      () => [1],
    );
    cache.listening(false);
    cache.listening(true);
    slow.finish("from before the outage");
    await during;
    expect(
      await cache.read(
        "T1",
        "k",
        async () => "fresh",
        () => [1],
      ),
    ).toBe("fresh");
  });

  it("keeps at most its capacity, forgetting the least recently used first", async () => {
    const { cache, read, loads } = listeningCache(2);
    await read("a", "a");
    await read("b", "b");
    await read("a", "a"); // a is now the most recent
    await read("c", "c");
    expect(cache.stats().entries).toBe(2);
    const before = loads();
    await read("a", "a");
    await read("c", "c");
    expect(loads()).toBe(before);
    await read("b", "b");
    expect(loads()).toBe(before + 1);
  });

  it("keeps nothing with a capacity of 0, and nothing from a load that failed", async () => {
    const { read, loads } = listeningCache(0);
    await read("k", "v");
    await read("k", "v");
    expect(loads()).toBe(2);
    const cache = new MemoryReadCache();
    cache.listening(true);
    await expect(
      cache.read(
        "T1",
        "k",
        () => Promise.reject(new Error("down")),
        () => [1],
      ),
    ).rejects.toThrow("down");
    expect(
      await cache.read(
        "T1",
        "k",
        async () => "v",
        () => [1],
      ),
    ).toBe("v");
  });
});

describe("settle", () => {
  it("waits for the feed it settles through, and for nothing without one", async () => {
    const cache = new MemoryReadCache();
    await cache.settle();
    let settled = false;
    const feed = pending<void>();
    cache.settleThrough({
      settle: async () => {
        await feed.promise;
        settled = true;
      },
    });
    const waiting = cache.settle();
    expect(settled).toBe(false);
    feed.finish();
    await waiting;
    expect(settled).toBe(true);
  });
});

describe("parseChange", () => {
  it("reads the triggers' payloads, and anything else as a change of everything", () => {
    expect(parseChange("T1")).toEqual({ kind: "workspace", workspace: "T1" });
    expect(parseChange("T1:42")).toEqual({ kind: "team", workspace: "T1", mlTeamId: 42 });
    for (const odd of ["*", "", "T1:x", "T1:1:2", ":1"]) expect(parseChange(odd)).toEqual({ kind: "all" });
  });
});
