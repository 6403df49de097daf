import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import {
  evidencePolicy,
  forgetDeliveriesOlderThan,
  lastSignalAt,
  linkSubject,
  linksOfTeam,
  recordDelivery,
  setEvidencePolicy,
  signalsOf,
  storeSignals,
  teamEvidenceRows,
  unlinkSubject,
} from "../../src/db/evidence.js";
import { findTeamWithLatestRound } from "../../src/db/teams.js";
import { useDatabase } from "../support/fixture.js";
import { seedTeam } from "../support/seed.js";
import { deployment, hoursAgo, NOW, workflowRun } from "../support/signals.js";

const database = useDatabase({ resetBetweenTests: true });
const AT = "2026-11-01T09:00:00Z";
const repo = (mlTeamId: number, teamId = "T0") =>
  ({ mlTeamId, teamId, subjectKind: "repository", subject: "acme/web", linkedBy: "U1" }) as const;

describe("evidence links and signals", () => {
  it("links a repository once, replacing its options when linked again, and unlinks it", async () => {
    const id = await seedTeam(database.db, { channelId: "C1", createdAt: AT });
    expect(await linkSubject(database.db, repo(id))).toBe("created");
    const live = { ...repo(id), model: true, deployEnvironment: "live" };
    expect(await linkSubject(database.db, live)).toBe("updated");
    expect(await linkSubject(database.db, live)).toBe("unchanged");
    const links = await linksOfTeam(database.db, id);
    expect(links.map((l) => [l.subject, l.model, l.deploy_environment])).toEqual([
      ["acme/web", true, "live"],
    ]);
    expect(await unlinkSubject(database.db, id, "repository", "acme/web")).toBe(true);
    expect(await unlinkSubject(database.db, id, "repository", "acme/web")).toBe(false);
    expect(await linksOfTeam(database.db, id)).toEqual([]);
  });

  it("stores a delivery's signals once in each workspace that linked its repository, and nowhere else", async () => {
    const a = await seedTeam(database.db, { teamId: "TA", channelId: "C1", createdAt: AT });
    const b = await seedTeam(database.db, { teamId: "TA", channelId: "C2", createdAt: AT });
    const c = await seedTeam(database.db, { teamId: "TC", channelId: "C1", createdAt: AT });
    await seedTeam(database.db, { teamId: "TB", channelId: "C3", createdAt: AT });
    for (const [id, teamId] of [
      [a, "TA"],
      [b, "TA"],
      [c, "TC"],
    ] as const)
      await linkSubject(database.db, repo(id, teamId));
    const run = workflowRun({}, { hoursAgo: 3 });
    const delivery = { deliveryId: "d-1", event: "workflow_run", repository: "acme/web", signals: [run] };
    expect(await recordDelivery(database.db, delivery)).toEqual({ workspaces: 2, recorded: true, stored: 2 });
    expect(await recordDelivery(database.db, delivery)).toEqual({
      workspaces: 2,
      recorded: false,
      stored: 0,
    });
    const subjects = [{ kind: "repository", subject: "acme/web" }] as const;
    for (const teamId of ["TA", "TC"])
      expect(await signalsOf(database.db, teamId, subjects, hoursAgo(24))).toEqual([run]);
    expect(await signalsOf(database.db, "TB", subjects, hoursAgo(24))).toEqual([]);
  });

  it("keeps nothing of a delivery for a repository nobody linked, and remembers one that names none", async () => {
    const unlinked = {
      deliveryId: "d-2",
      event: "push",
      repository: "acme/other",
      signals: [workflowRun({})],
    };
    expect(await recordDelivery(database.db, unlinked)).toEqual({
      workspaces: 0,
      recorded: false,
      stored: 0,
    });
    const installation = { deliveryId: "d-3", event: "installation", repository: null, signals: [] };
    expect(await recordDelivery(database.db, installation)).toEqual({
      workspaces: 0,
      recorded: true,
      stored: 0,
    });
    expect(await recordDelivery(database.db, installation)).toMatchObject({ recorded: false });
    const rows = await database.db.selectFrom("github_deliveries").select("delivery_id").execute();
    expect(rows.map((r) => r.delivery_id)).toEqual(["d-3"]);
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
    // The same run again later with the same facts (re-run, or an example replayed with its times moved).
    const rerun = { ...completed, occurredAt: hoursAgo(1) };
    expect(await storeSignals(database.db, "TB", [rerun])).toBe(1);
    expect(await lastSignalAt(database.db, "TB", ["acme/web"])).toEqual(new Map([["acme/web", hoursAgo(1)]]));
    const subjects = [{ kind: "repository", subject: "acme/web" }] as const;
    expect(await signalsOf(database.db, "TA", subjects, hoursAgo(28 * 24))).toEqual([run]);
    expect(await lastSignalAt(database.db, "TA", ["acme/web"])).toEqual(
      new Map([["acme/web", run.occurredAt]]),
    );
  });

  it("never lets a thing under way replace one that has ended at the same instant, whatever the order", async () => {
    await seedTeam(database.db, { teamId: "TA", channelId: "C1", createdAt: AT });
    const subjects = [{ kind: "repository", subject: "acme/web" }] as const;
    const states = async () =>
      (await signalsOf(database.db, "TA", subjects, hoursAgo(24))).map((s) => s.facts.state);
    // A deployment made and marked successful within one second: its status first, then the deployment itself.
    const succeeded = deployment({ state: "success" }, { hoursAgo: 2 });
    const created = { ...succeeded, facts: { ...succeeded.facts, state: "pending" } };
    expect(await storeSignals(database.db, "TA", [succeeded])).toBe(1);
    expect(await storeSignals(database.db, "TA", [created])).toBe(0);
    expect(await states()).toEqual(["success"]);
    // In order, the status replaces the pending deployment; a later one replaces whatever it says.
    await database.db.deleteFrom("evidence_signals").execute();
    expect(await storeSignals(database.db, "TA", [created])).toBe(1);
    expect(await storeSignals(database.db, "TA", [succeeded])).toBe(1);
    expect(await states()).toEqual(["success"]);
    const inactive = {
      ...succeeded,
      occurredAt: hoursAgo(1),
      facts: { ...succeeded.facts, state: "inactive" },
    };
    expect(await storeSignals(database.db, "TA", [inactive])).toBe(1);
    expect(await states()).toEqual(["inactive"]);
  });

  it("reads a team's links, its workspace's policy and its subjects' signals of the window at once", async () => {
    const id = await seedTeam(database.db, { teamId: "TA", channelId: "C1", createdAt: AT });
    const other = await seedTeam(database.db, { teamId: "TA", channelId: "C2", createdAt: AT });
    const unlinked = await seedTeam(database.db, { teamId: "TB", channelId: "C1", createdAt: AT });
    await linkSubject(database.db, { ...repo(id, "TA"), deployEnvironment: "live" });
    await linkSubject(database.db, { ...repo(other, "TA"), subject: "acme/other" });
    await setEvidencePolicy(database.db, "TA", "strict");
    const run = workflowRun({}, { hoursAgo: 3 });
    const old = workflowRun({}, { hoursAgo: 40 * 24 });
    const elsewhere = workflowRun({}, { subject: "acme/other", hoursAgo: 3 });
    await storeSignals(database.db, "TA", [old, run, elsewhere]);
    await storeSignals(database.db, "TB", [workflowRun({}, { hoursAgo: 1 })]);

    const read = await teamEvidenceRows(database.db, "TA", id, hoursAgo(28 * 24));
    expect(read.links.map((l) => [l.subject, l.deploy_environment, l.created_at instanceof Date])).toEqual([
      ["acme/web", "live", true],
    ]);
    expect(read.policy).toBe("strict");
    expect(read.signals).toEqual([run]);
    const none = await teamEvidenceRows(database.db, "TB", unlinked, hoursAgo(28 * 24));
    expect(none).toEqual({ links: [], policy: "shown", signals: [] });
    // Another workspace naming the team's id reads nothing of it.
    expect(await teamEvidenceRows(database.db, "TB", id, hoursAgo(28 * 24))).toEqual(none);
    // Status reads the same with the team, in its one statement; a team that linked nothing has none.
    const status = await findTeamWithLatestRound(database.db, "TA", "C1", hoursAgo(28 * 24));
    expect(status?.evidence).toEqual(read);
    expect((await findTeamWithLatestRound(database.db, "TB", "C1", hoursAgo(28 * 24)))?.evidence).toBeNull();
  });

  it("forgets the ids of deliveries older than GitHub's redelivery window, by the database's clock", async () => {
    await database.db
      .insertInto("github_deliveries")
      .values([
        { delivery_id: "old", event: "push", received_at: sql<Date>`now() - interval '8 days'` },
        { delivery_id: "recent", event: "push", received_at: sql<Date>`now() - interval '6 days'` },
      ])
      .execute();
    expect(await forgetDeliveriesOlderThan(database.db, 7)).toBe(1);
    const left = await database.db.selectFrom("github_deliveries").select("delivery_id").execute();
    expect(left).toEqual([{ delivery_id: "recent" }]);
  });

  it("keeps a workspace's evidence policy, shown by default", async () => {
    await seedTeam(database.db, { channelId: "C1", createdAt: NOW });
    expect(await evidencePolicy(database.db, "T0")).toBe("shown");
    await setEvidencePolicy(database.db, "T0", "strict");
    expect(await evidencePolicy(database.db, "T0")).toBe("strict");
  });
});
