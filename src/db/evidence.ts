// What teams linked, the signals their systems sent, and the workspace's evidence policy.
import {
  type ExpressionBuilder,
  type Kysely,
  type RawBuilder,
  type Selectable,
  sql,
  type Transaction,
} from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { EvidencePolicy } from "../domain/evidence.js";
import type { EvidenceSignal, SubjectKind } from "../domain/evidence-signal.js";
import { preparedQuery } from "./prepared.js";
import type { Database, EvidenceLink, EvidenceSignalsTable } from "./schema.js";

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

/** What linking did: a new link, new options for an existing one, or nothing (the same options again). */
export type LinkChange = "created" | "updated" | "unchanged";

/** Links a subject to a team; linking it again replaces its options. */
export async function linkSubject(db: Db, link: LinkInput): Promise<LinkChange> {
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
    .onConflict((oc) =>
      oc
        .columns(["ml_team_id", "subject_kind", "subject"])
        .doUpdateSet(options)
        // No row comes back when the options are the ones already there.
        .where(
          sql<boolean>`(evidence_links.model, evidence_links.training_workflow, evidence_links.deploy_environment,
            evidence_links.scoring_path) is distinct from (excluded.model, excluded.training_workflow,
            excluded.deploy_environment, excluded.scoring_path)`,
        ),
    )
    // xmax is 0 for a row this statement inserted, not for one it updated.
    .returning(sql<boolean>`xmax = 0`.as("inserted"))
    .executeTakeFirst();
  if (!row) return "unchanged";
  return row.inserted ? "created" : "updated";
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
  const { rows } =
    await sql`${INSERT_SIGNALS} select ${teamId}, ${SIGNAL_VALUES} from ${signalRecords(signals)}
    ${KEEP_NEWER} returning 1`.execute(db);
  return rows.length;
}

/**
 * A repository GitHub now names `name` (lower case) whose links carry its id under another name (it was renamed
 * or transferred): those links, and their signals, take the name. Returns how many links were renamed.
 */
export async function followRenamedRepository(db: Db, id: number, name: string): Promise<number> {
  const { rows } = await sql<{ renamed: number }>`with moved as (
      select l.id, l.team_id, l.subject as old from evidence_links l
      where l.subject_kind = 'repository' and l.github_repository_id = ${id} and l.subject <> ${name}
        -- A team that linked the new name as well keeps both links as they are.
        and not exists (select from evidence_links n where n.ml_team_id = l.ml_team_id
          and n.subject_kind = 'repository' and n.subject = ${name})),
    renamed as (
      update evidence_links l set subject = ${name} from moved where l.id = moved.id returning moved.team_id, moved.old),
    signals as (
      update evidence_signals s set subject = ${name} from renamed
      where s.team_id = renamed.team_id and s.subject_kind = 'repository' and s.subject = renamed.old
        and not exists (select from evidence_signals t where t.team_id = s.team_id and t.source = s.source
          and t.kind = s.kind and t.subject = ${name} and t.external_id = s.external_id)
      returning 1)
    select (select count(*) from renamed)::int as renamed`.execute(db);
  return rows[0]?.renamed ?? 0;
}

/**
 * Forgets the ids of deliveries received more than `days` ago, by the database's clock (the one that stamped
 * them): GitHub redelivers a delivery for three days at most. Returns how many were forgotten.
 */
export async function forgetDeliveriesOlderThan(db: Db, days: number): Promise<number> {
  const result = await db
    .deleteFrom("github_deliveries")
    .where("received_at", "<", sql<Date>`now() - make_interval(days => ${days})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface DeliveryRecord {
  /** Workspaces in which some team linked the delivery's repository. */
  readonly workspaces: number;
  /** False when the delivery id was seen before, or its repository is linked nowhere (then nothing is kept). */
  readonly recorded: boolean;
  /** Signal rows added or changed, over those workspaces. */
  readonly stored: number;
}

/**
 * A GitHub delivery in one statement (one round trip, atomic without a transaction around it): its id is
 * remembered when some workspace linked its repository, or when it names none (an installation event), and
 * its signals are stored in each such workspace only when the id is new.
 */
export async function recordDelivery(
  db: Db,
  delivery: {
    readonly deliveryId: string;
    readonly event: string;
    readonly repository: string | null;
    /** GitHub's id of the repository, learnt by its links that have none yet (followRenamedRepository). */
    readonly repositoryId?: number | null;
    readonly signals: readonly EvidenceSignal[];
  },
): Promise<DeliveryRecord> {
  const { rows } = await sql<DeliveryRecord>`with linking as (
      select distinct team_id from evidence_links
      where subject_kind = 'repository' and subject = ${delivery.repository}),
    learnt as (
      update evidence_links set github_repository_id = ${delivery.repositoryId ?? null}::bigint
      where subject_kind = 'repository' and subject = ${delivery.repository}
        and github_repository_id is null and ${delivery.repositoryId ?? null}::bigint is not null
      returning 1),
    delivery as (
      insert into github_deliveries (delivery_id, event)
      select ${delivery.deliveryId}, ${delivery.event}
      where ${delivery.repository}::text is null or exists (select from linking)
      on conflict (delivery_id) do nothing
      returning 1),
    stored as (
      ${INSERT_SIGNALS} select linking.team_id, ${SIGNAL_VALUES}
      from linking cross join ${signalRecords(delivery.signals)}
      where exists (select from delivery)
      ${KEEP_NEWER}
      returning 1)
    select (select count(*) from linking)::int as workspaces, exists (select from delivery) as recorded,
      (select count(*) from stored)::int as stored`.execute(db);
  return rows[0] ?? { workspaces: 0, recorded: false, stored: 0 };
}

const INSERT_SIGNALS = sql`insert into evidence_signals
  (team_id, source, kind, subject_kind, subject, external_id, occurred_at, url, facts)`;
const SIGNAL_VALUES = sql`s.source, s.kind, s.subject_kind, s.subject, s.external_id, s.occurred_at, s.url, s.facts`;
/**
 * The same thing again: a later one replaces it (a re-run moves the run's time even when its facts are the
 * same), as do other facts at the same time, unless they are of a thing still under way and the stored one has
 * ended (GitHub does not keep deliveries in order, and a deployment made and marked successful within one
 * second arrives as `pending` and `success` at the same instant); an older or identical one changes nothing.
 */
const KEEP_NEWER = sql`on conflict (team_id, source, kind, subject, external_id) do update
  set occurred_at = excluded.occurred_at, url = excluded.url, facts = excluded.facts
  where excluded.occurred_at > evidence_signals.occurred_at
    or (excluded.occurred_at = evidence_signals.occurred_at and excluded.facts is distinct from evidence_signals.facts
      and (${underWay(sql`evidence_signals`)} or not ${underWay(sql`excluded`)}))`;

/** A deployment's state, or a run's status, of a thing not yet ended (signals without either have). */
function underWay(row: RawBuilder<unknown>) {
  return sql`coalesce(${row}.facts->>'state', ${row}.facts->>'status', '') in
    ('pending', 'queued', 'in_progress', 'requested', 'waiting')`;
}

/** Signals as the rows `s` of one jsonb parameter, however many there are. */
function signalRecords(signals: readonly EvidenceSignal[]) {
  const records = signals.map((s) => ({
    source: s.source,
    kind: s.kind,
    subject_kind: s.subjectKind,
    subject: s.subject,
    external_id: s.externalId,
    occurred_at: s.occurredAt.toISOString(),
    url: s.url,
    facts: s.facts,
  }));
  return sql`jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as s(source text, kind text,
    subject_kind text, subject text, external_id text, occurred_at timestamptz, url text, facts jsonb)`;
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
    .select(["team_id", ...SIGNAL_COLUMNS])
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
  return rows.map((r) => ({ teamId: r.team_id, ...signalOf(r) }));
}

const SIGNAL_COLUMNS = [
  "source",
  "kind",
  "subject_kind",
  "subject",
  "external_id",
  "occurred_at",
  "url",
  "facts",
] as const;

type SignalRow = Pick<Selectable<EvidenceSignalsTable>, (typeof SIGNAL_COLUMNS)[number]>;

function signalOf(r: SignalRow): EvidenceSignal {
  return {
    source: r.source,
    kind: r.kind,
    subjectKind: r.subject_kind,
    subject: r.subject,
    externalId: r.external_id,
    occurredAt: r.occurred_at,
    url: r.url,
    facts: r.facts,
  };
}

export interface TeamEvidenceRows {
  readonly links: EvidenceLink[];
  readonly policy: EvidencePolicy;
  /** The workspace's signals about the team's linked subjects since `since`, oldest first. */
  readonly signals: EvidenceSignal[];
}

/**
 * A team's links, its workspace's policy and the signals about what it linked, in one round trip: status reads
 * them on every command, where each extra round trip costs more than the rules that read them.
 */
export async function teamEvidenceRows(
  db: Kysely<Database>,
  teamId: string,
  mlTeamId: number,
  since: Date,
): Promise<TeamEvidenceRows> {
  const [row] = await teamEvidenceQuery(db, teamId, mlTeamId, since);
  return row ? evidenceRowsOf(row) : { links: [], policy: "shown", signals: [] };
}

/** What evidenceOf selects, as JSON carries it. */
export interface EvidenceJson {
  links: (Omit<EvidenceLink, "created_at"> & { created_at: string })[];
  policy: EvidencePolicy | null;
  signals: (Omit<SignalRow, "occurred_at"> & { occurred_at: string })[];
}

export function evidenceRowsOf(row: EvidenceJson): TeamEvidenceRows {
  return {
    // JSON carries instants as text.
    links: row.links.map((l) => ({ ...l, created_at: new Date(l.created_at) })),
    policy: row.policy ?? "shown",
    signals: row.signals.map((r) => signalOf({ ...r, occurred_at: new Date(r.occurred_at) })),
  };
}

const LINK_COLUMNS = [
  "id",
  "ml_team_id",
  "team_id",
  "subject_kind",
  "subject",
  "model",
  "training_workflow",
  "deploy_environment",
  "scoring_path",
  "linked_by",
  "created_at",
] as const;

/**
 * The evidence of the team `t` of a query on ml_teams as t, as three expressions: its links (JSON), its
 * workspace's policy and the signals about what it linked since `since` (JSON, oldest first).
 */
export function evidenceOf(eb: ExpressionBuilder<Database & { t: Database["ml_teams"] }, "t">, since: Date) {
  return {
    links: jsonArrayFrom(
      eb
        .selectFrom("evidence_links")
        .select(LINK_COLUMNS)
        .whereRef("ml_team_id", "=", "t.id")
        .orderBy("subject_kind")
        .orderBy("subject"),
    ),
    policy: eb
      .selectFrom("workspaces")
      .select("evidence_policy")
      .whereRef("workspaces.team_id", "=", "t.team_id"),
    signals: jsonArrayFrom(
      eb
        .selectFrom("evidence_signals as s")
        .innerJoin("evidence_links as l", (join) =>
          join
            .onRef("l.team_id", "=", "s.team_id")
            .onRef("l.subject_kind", "=", "s.subject_kind")
            .onRef("l.subject", "=", "s.subject"),
        )
        .select(SIGNAL_COLUMNS.map((c) => `s.${c}` as const))
        .whereRef("l.ml_team_id", "=", "t.id")
        .whereRef("s.team_id", "=", "t.team_id")
        .where("s.occurred_at", ">=", since)
        .orderBy("s.occurred_at"),
    ),
  };
}

// Prepared: planning three subqueries and their JSON on every status cost Postgres more than running them.
const teamEvidenceQuery = preparedQuery(
  "team_evidence",
  (db: Kysely<Database>, teamId: string, mlTeamId: number, since: Date) =>
    db
      .selectFrom("ml_teams as t")
      .select((eb) => {
        const { links, policy, signals } = evidenceOf(eb, since);
        return [links.as("links"), policy.as("policy"), signals.as("signals")];
      })
      .where("t.id", "=", mlTeamId)
      .where("t.team_id", "=", teamId),
);

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

/**
 * The links to `repository` (its scoring paths, by workspace) in workspaces whose file checks of it are all
 * older than `checkedBefore`: those a push to its default branch should check again.
 */
export async function staleFileChecks(
  db: Db,
  repository: string,
  checkedBefore: Date,
): Promise<{ teamId: string; scoringPath: string | null }[]> {
  const rows = await db
    .selectFrom("evidence_links as l")
    .select(["l.team_id as teamId", "l.scoring_path as scoringPath"])
    .distinct()
    .where("l.subject_kind", "=", "repository")
    .where("l.subject", "=", repository)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("evidence_signals as s")
            .whereRef("s.team_id", "=", "l.team_id")
            .where("s.source", "=", "github")
            .where("s.kind", "=", "file")
            .whereRef("s.subject", "=", "l.subject")
            .where("s.occurred_at", ">=", checkedBefore),
        ),
      ),
    )
    .orderBy("l.team_id")
    .execute();
  return rows;
}

/** Lets a workspace link the repositories of a GitHub account (`owner`, any case); true when it could not before. */
export async function allowGithubAccount(db: Db, teamId: string, account: string): Promise<boolean> {
  const added = await db
    .insertInto("github_accounts")
    .values({ team_id: teamId, account: account.toLowerCase() })
    .onConflict((oc) => oc.doNothing())
    .returning("account")
    .execute();
  return added.length > 0;
}

/** Whether an operator let the workspace link the repositories of this GitHub account. */
export async function isGithubAccountAllowed(db: Db, teamId: string, account: string): Promise<boolean> {
  const row = await db
    .selectFrom("github_accounts")
    .select("account")
    .where("team_id", "=", teamId)
    .where("account", "=", account.toLowerCase())
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
