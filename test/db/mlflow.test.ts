// Each workspace's MLflow settings (the token sealed at rest) and the poller's per-source state, on the
// embedded database and on Postgres.
import { describe, expect, it } from "vitest";
import {
  findMlflowSettings,
  loadMlflowSources,
  MlflowTokenUnreadable,
  recordMlflowPoll,
  reencryptMlflowTokens,
  saveMlflowSettings,
} from "../../src/db/mlflow.js";
import { useDatabase } from "../support/fixture.js";

const fixture = useDatabase({ resetBetweenTests: true });
const OLD = { current: Buffer.alloc(32, 3), previous: undefined };
const NEW = { current: Buffer.alloc(32, 4), previous: Buffer.alloc(32, 3) };
const AT = new Date("2026-12-06T12:00:00Z");

describe("MLflow settings", () => {
  it("keeps the token sealed at rest, bound to its workspace, and opens it again", async () => {
    const { db } = fixture;
    await saveMlflowSettings(db, "T1", { uri: "https://mlflow.example.com", token: "dapi-secret" }, OLD, AT);
    await saveMlflowSettings(db, "T2", { uri: "http://10.0.0.5:5000", token: undefined }, undefined, AT);
    const rows = await db.selectFrom("mlflow_settings").selectAll().orderBy("workspace_id").execute();
    expect(rows.map((r) => [r.workspace_id, r.tracking_uri, r.token?.slice(0, 3) ?? null])).toEqual([
      ["T1", "https://mlflow.example.com", "v1."],
      ["T2", "http://10.0.0.5:5000", null],
    ]);
    expect(JSON.stringify(rows)).not.toContain("dapi-secret");
    expect(await findMlflowSettings(db, "T1", OLD)).toEqual({
      uri: "https://mlflow.example.com",
      token: "dapi-secret",
    });
    expect(await findMlflowSettings(db, "T2", undefined)).toEqual({
      uri: "http://10.0.0.5:5000",
      token: undefined,
    });
    expect(await findMlflowSettings(db, "T3", OLD)).toBeUndefined();

    // A sealed token copied to another workspace's row does not open there.
    await db
      .updateTable("mlflow_settings")
      .set({ token: rows[0]?.token ?? null })
      .where("workspace_id", "=", "T2")
      .execute();
    await expect(findMlflowSettings(db, "T2", OLD)).rejects.toThrow(MlflowTokenUnreadable);
    // A bot started without the key it was sealed with is told what to do.
    await expect(findMlflowSettings(db, "T1", undefined)).rejects.toThrow(
      "the workspace's MLflow token is sealed with TOKEN_ENCRYPTION_KEY and the bot runs without one: start the bot with the key `npm run mlops -- evidence mlflow --token` used, or store the server again without --token",
    );
  });

  it("replaces a workspace's settings, and re-seals its token under a new key (rotate-key)", async () => {
    const { db } = fixture;
    await saveMlflowSettings(db, "T1", { uri: "https://old.example.com", token: "one" }, OLD, AT);
    await saveMlflowSettings(db, "T1", { uri: "https://new.example.com", token: "two" }, OLD, AT);
    expect(await reencryptMlflowTokens(db, NEW)).toBe(1);
    expect(await reencryptMlflowTokens(db, NEW)).toBe(0);
    const now = { current: NEW.current, previous: undefined };
    expect(await findMlflowSettings(db, "T1", now)).toEqual({ uri: "https://new.example.com", token: "two" });
  });

  it("refuses to store a token without a key to seal it with", async () => {
    await expect(
      saveMlflowSettings(fixture.db, "T1", { uri: "https://mlflow.example.com", token: "t" }, undefined, AT),
    ).rejects.toThrow("TOKEN_ENCRYPTION_KEY");
  });
});

describe("MLflow source state", () => {
  it("records each poll of a source: how far it read, when, and since when it has been failing", async () => {
    const { db } = fixture;
    const readUntil = new Date("2026-12-06T11:00:00Z");
    await recordMlflowPoll(
      db,
      "T1",
      { kind: "experiment", name: "churn", readUntil, staleSince: null, staleReason: null },
      AT,
    );
    await recordMlflowPoll(
      db,
      "T1",
      {
        kind: "model",
        name: "churn",
        readUntil: null,
        staleSince: AT,
        staleReason: "MLflow is unreachable (ECONNREFUSED)",
      },
      AT,
    );
    const later = new Date("2026-12-06T12:15:00Z");
    await recordMlflowPoll(
      db,
      "T1",
      { kind: "experiment", name: "churn", readUntil: later, staleSince: null, staleReason: null },
      later,
    );
    await recordMlflowPoll(
      db,
      "T2",
      { kind: "experiment", name: "churn", readUntil: null, staleSince: null, staleReason: null },
      AT,
    );
    expect(await loadMlflowSources(db, "T1")).toEqual([
      {
        kind: "experiment",
        name: "churn",
        readUntil: later,
        lastPolledAt: later,
        staleSince: null,
        staleReason: null,
      },
      {
        kind: "model",
        name: "churn",
        readUntil: null,
        lastPolledAt: AT,
        staleSince: AT,
        staleReason: "MLflow is unreachable (ECONNREFUSED)",
      },
    ]);
  });
});
