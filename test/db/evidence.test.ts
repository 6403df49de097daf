import { describe, expect, it } from "vitest";
import {
  evidencePolicy,
  lastSignalAt,
  linkSubject,
  linksOfTeam,
  recordDelivery,
  setEvidencePolicy,
  signalsOf,
  storeSignals,
  unlinkSubject,
  workspacesLinking,
} from "../../src/db/evidence.js";
import { useDatabase } from "../support/fixture.js";
import { seedTeam } from "../support/seed.js";
import { hoursAgo, NOW, workflowRun } from "../support/signals.js";

const database = useDatabase({ resetBetweenTests: true });
const AT = "2026-11-01T09:00:00Z";
const repo = (mlTeamId: number, teamId = "T0") =>
  ({ mlTeamId, teamId, subjectKind: "repository", subject: "acme/web", linkedBy: "U1" }) as const;

describe("evidence links and signals", () => {
  it("links a repository once, replacing its options when linked again, and unlinks it", async () => {
    const id = await seedTeam(database.db, { channelId: "C1", createdAt: AT });
    expect(await linkSubject(database.db, repo(id))).toBe(true);
    expect(await linkSubject(database.db, { ...repo(id), model: true, deployEnvironment: "live" })).toBe(
      false,
    );
    const links = await linksOfTeam(database.db, id);
    expect(links.map((l) => [l.subject, l.model, l.deploy_environment])).toEqual([
      ["acme/web", true, "live"],
    ]);
    expect(await unlinkSubject(database.db, id, "repository", "acme/web")).toBe(true);
    expect(await unlinkSubject(database.db, id, "repository", "acme/web")).toBe(false);
    expect(await linksOfTeam(database.db, id)).toEqual([]);
  });

  it("finds only the workspaces whose teams linked a repository", async () => {
    const a = await seedTeam(database.db, { teamId: "TA", channelId: "C1", createdAt: AT });
    const b = await seedTeam(database.db, { teamId: "TA", channelId: "C2", createdAt: AT });
    await seedTeam(database.db, { teamId: "TB", channelId: "C3", createdAt: AT });
    await linkSubject(database.db, repo(a, "TA"));
    await linkSubject(database.db, repo(b, "TA"));
    expect(await workspacesLinking(database.db, "repository", "acme/web")).toEqual(["TA"]);
    expect(await workspacesLinking(database.db, "repository", "acme/other")).toEqual([]);
  });

  it("stores a signal once per workspace, and reads a window of it back", async () => {
    await seedTeam(database.db, { teamId: "TA", channelId: "C1", createdAt: AT });
    await seedTeam(database.db, { teamId: "TB", channelId: "C1", createdAt: AT });
    const old = workflowRun({}, { hoursAgo: 40 * 24 });
    const run = workflowRun({ event: "pull_request" }, { hoursAgo: 3 });
    expect(await storeSignals(database.db, "TA", [old, run])).toBe(2);
    expect(await storeSignals(database.db, "TA", [run])).toBe(0);
    expect(await storeSignals(database.db, "TB", [run])).toBe(1);
    const completed = { ...run, occurredAt: hoursAgo(2), facts: { ...run.facts, conclusion: "failure" } };
    expect(await storeSignals(database.db, "TB", [completed])).toBe(1);
    expect(await storeSignals(database.db, "TB", [run])).toBe(0);
    const subjects = [{ kind: "repository", subject: "acme/web" }] as const;
    expect(await signalsOf(database.db, "TA", subjects, hoursAgo(28 * 24))).toEqual([run]);
    expect(await lastSignalAt(database.db, "TA", ["acme/web"])).toEqual(
      new Map([["acme/web", run.occurredAt]]),
    );
  });

  it("records a GitHub delivery once", async () => {
    expect(await recordDelivery(database.db, "d-1", "push")).toBe(true);
    expect(await recordDelivery(database.db, "d-1", "push")).toBe(false);
  });

  it("keeps a workspace's evidence policy, shown by default", async () => {
    await seedTeam(database.db, { channelId: "C1", createdAt: NOW });
    expect(await evidencePolicy(database.db, "T0")).toBe("shown");
    await setEvidencePolicy(database.db, "T0", "strict");
    expect(await evidencePolicy(database.db, "T0")).toBe("strict");
  });
});
