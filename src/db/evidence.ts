// What teams linked, the signals their systems sent, and the workspace's evidence policy.
import { type Kysely, sql, type Transaction } from "kysely";
import type { EvidencePolicy } from "../domain/evidence.js";
import type { EvidenceSignal, SubjectKind } from "../domain/evidence-signal.js";
import type { Database, EvidenceLink } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

export interface LinkInput {
  readonly mlTeamId: number;
  readonly teamId: string;
  readonly subjectKind: SubjectKind;
  readonly subject: string;
  readonly model?: boolean;
  readonly trainingWorkflow?: string | null;
  readonly deployEnvironment?: string | null;
  readonly scoringPath?: string | null;
  readonly linkedBy: string;
}

/** Links a subject to a team; linking it again replaces its options. True when it was not linked before. */
export async function linkSubject(db: Db, link: LinkInput): Promise<boolean> {
  const options = {
    model: link.model ?? false,
    training_workflow: link.trainingWorkflow ?? null,
    deploy_environment: link.deployEnvironment ?? null,
    scoring_path: link.scoringPath ?? null,
  };
  const row = await db
    .insertInto("evidence_links")
    .values({
      ml_team_id: link.mlTeamId,
      team_id: link.teamId,
      subject_kind: link.subjectKind,
      subject: link.subject,
      linked_by: link.linkedBy,
      ...options,
    })
    .onConflict((oc) => oc.columns(["ml_team_id", "subject_kind", "subject"]).doUpdateSet(options))
    // xmax is 0 for a row this statement inserted, not for one it updated.
    .returning(sql<boolean>`xmax = 0`.as("inserted"))
    .executeTakeFirstOrThrow();
  return row.inserted;
}

/** True when the subject was linked to the team. */
export async function unlinkSubject(
  db: Db,
  mlTeamId: number,
  subjectKind: SubjectKind,
  subject: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom("evidence_links")
    .where("ml_team_id", "=", mlTeamId)
    .where("subject_kind", "=", subjectKind)
    .where("subject", "=", subject)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function linksOfTeam(db: Db, mlTeamId: number): Promise<EvidenceLink[]> {
  return db
    .selectFrom("evidence_links")
    .selectAll()
    .where("ml_team_id", "=", mlTeamId)
    .orderBy("subject_kind")
    .orderBy("subject")
    .execute();
}

/** Every link of these teams, for lists of teams (digests): one query whatever their number. */
export async function linksOfTeams(db: Db, mlTeamIds: readonly number[]): Promise<EvidenceLink[]> {
  if (mlTeamIds.length === 0) return [];
  return db.selectFrom("evidence_links").selectAll().where("ml_team_id", "in", mlTeamIds).execute();
}

/** The workspaces in which some team linked the subject (a webhook affects only these). */
export async function workspacesLinking(
  db: Db,
  subjectKind: SubjectKind,
  subject: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom("evidence_links")
    .select("team_id")
    .distinct()
    .where("subject_kind", "=", subjectKind)
    .where("subject", "=", subject)
    .execute();
  return rows.map((r) => r.team_id);
}

/**
 * Stores signals for a workspace, once per source, kind, subject and external id: the same thing arriving
 * again with newer facts (a run completed, a deployment's next status) replaces the older; an older or
 * identical one changes nothing. Returns how many rows were added or changed.
 */
export async function storeSignals(
  db: Db,
  teamId: string,
  signals: readonly EvidenceSignal[],
): Promise<number> {
  if (signals.length === 0) return 0;
  const rows = signals.map((s) => ({
    team_id: teamId,
    source: s.source,
    kind: s.kind,
    subject_kind: s.subjectKind,
    subject: s.subject,
    external_id: s.externalId,
    occurred_at: s.occurredAt,
    url: s.url,
    facts: JSON.stringify(s.facts),
  }));
  const inserted = await db
    .insertInto("evidence_signals")
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(["team_id", "source", "kind", "subject", "external_id"])
        .doUpdateSet((eb) => ({
          occurred_at: eb.ref("excluded.occurred_at"),
          url: eb.ref("excluded.url"),
          facts: eb.ref("excluded.facts"),
        }))
        .where(sql<boolean>`excluded.occurred_at >= evidence_signals.occurred_at`)
        .where(sql<boolean>`excluded.facts is distinct from evidence_signals.facts`),
    )
    .returning("id")
    .execute();
  return inserted.length;
}

/** The workspace's signals about these subjects since `since`, oldest first. */
export async function signalsOf(
  db: Db,
  teamId: string,
  subjects: readonly { readonly kind: SubjectKind; readonly subject: string }[],
  since: Date,
): Promise<EvidenceSignal[]> {
  const rows = await signalsOfSubjects(
    db,
    subjects.map((s) => ({ teamId, ...s })),
    since,
  );
  return rows.map(({ teamId: _workspace, ...signal }) => signal);
}

/** A subject as some workspace linked it: signals are that workspace's own. */
export interface WorkspaceSubject {
  readonly teamId: string;
  readonly kind: SubjectKind;
  readonly subject: string;
}

/** Signals about these subjects of these workspaces since `since`, oldest first: one query whatever their number. */
export async function signalsOfSubjects(
  db: Db,
  subjects: readonly WorkspaceSubject[],
  since: Date,
): Promise<(EvidenceSignal & { readonly teamId: string })[]> {
  if (subjects.length === 0) return [];
  const rows = await db
    .selectFrom("evidence_signals")
    .select([
      "team_id",
      "source",
      "kind",
      "subject_kind",
      "subject",
      "external_id",
      "occurred_at",
      "url",
      "facts",
    ])
    .where((eb) =>
      eb(
        eb.refTuple("team_id", "subject_kind", "subject"),
        "in",
        subjects.map((s) => eb.tuple(s.teamId, s.kind, s.subject)),
      ),
    )
    .where("occurred_at", ">=", since)
    .orderBy("occurred_at")
    .execute();
  return rows.map((r) => ({
    teamId: r.team_id,
    source: r.source,
    kind: r.kind,
    subjectKind: r.subject_kind,
    subject: r.subject,
    externalId: r.external_id,
    occurredAt: r.occurred_at,
    url: r.url,
    facts: r.facts,
  }));
}

/** The newest event's instant per subject of the workspace ("last event from each"); file checks are no events. */
export async function lastSignalAt(
  db: Db,
  teamId: string,
  subjects: readonly string[],
): Promise<Map<string, Date>> {
  if (subjects.length === 0) return new Map();
  const rows = await db
    .selectFrom("evidence_signals")
    .select(["subject", (eb) => eb.fn.max("occurred_at").as("last")])
    .where("team_id", "=", teamId)
    .where("subject", "in", subjects)
    .where("kind", "!=", "file")
    .groupBy("subject")
    .execute();
  return new Map(rows.map((r) => [r.subject, new Date(r.last)]));
}

/** Records a GitHub delivery; false when it was seen before. */
export async function recordDelivery(db: Db, deliveryId: string, event: string): Promise<boolean> {
  const row = await db
    .insertInto("github_deliveries")
    .values({ delivery_id: deliveryId, event })
    .onConflict((oc) => oc.column("delivery_id").doNothing())
    .returning("delivery_id")
    .executeTakeFirst();
  return row !== undefined;
}

/** Each workspace's policy, for lists of teams (digests); a workspace not listed has the default, shown. */
export async function evidencePolicies(
  db: Db,
  teamIds: readonly string[],
): Promise<Map<string, EvidencePolicy>> {
  if (teamIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("workspaces")
    .select(["team_id", "evidence_policy"])
    .where("team_id", "in", [...new Set(teamIds)])
    .where("evidence_policy", "is not", null)
    .execute();
  return new Map(rows.map((r) => [r.team_id, r.evidence_policy ?? "shown"]));
}

export async function evidencePolicy(db: Db, teamId: string): Promise<EvidencePolicy> {
  const row = await db
    .selectFrom("workspaces")
    .select("evidence_policy")
    .where("team_id", "=", teamId)
    .executeTakeFirst();
  return row?.evidence_policy ?? "shown";
}

export async function setEvidencePolicy(db: Db, teamId: string, policy: EvidencePolicy): Promise<void> {
  await db
    .updateTable("workspaces")
    .set({ evidence_policy: policy === "strict" ? "strict" : null })
    .where("team_id", "=", teamId)
    .execute();
}

/** Every MLflow experiment and registered model some team linked, by workspace (what the poller reads). */
export async function linkedMlflowSubjects(
  db: Db,
): Promise<{ readonly teamId: string; readonly kind: "experiment" | "model"; readonly name: string }[]> {
  const rows = await db
    .selectFrom("evidence_links")
    .select(["team_id", "subject_kind", "subject"])
    .distinct()
    .where("subject_kind", "in", ["experiment", "model"])
    .orderBy("team_id")
    .execute();
  return rows.flatMap((r) =>
    r.subject_kind === "repository" ? [] : [{ teamId: r.team_id, kind: r.subject_kind, name: r.subject }],
  );
}
