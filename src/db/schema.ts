import type { ColumnType, Generated, Selectable } from "kysely";
import type { Cadence } from "../domain/calendar.js";
import type { DeliveryStatus } from "../domain/delivery-policy.js";
import type { EvidenceSource, FactValue, SignalKind, SubjectKind } from "../domain/evidence-signal.js";
import type { Role } from "../domain/roles.js";
import type { Weekday } from "../domain/zoned-time.js";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A jsonb column, null when empty: read parsed, written as JSON text (the same on pg and the embedded database). */
type Json<T> = ColumnType<T | null, string | null | undefined, string | null>;

export interface WorkspacesTable {
  team_id: string;
  enterprise_id: string | null;
  digest_channel_id: string | null;
  digest_time_zone: string | null;
  digest_set_by: string | null;
  created_at: CreatedAt;
  uninstalled_at: Timestamp | null;
  /** Null: the default policy, "shown". */
  evidence_policy: ColumnType<"strict" | null, "strict" | null | undefined, "strict" | null>;
}

export interface MlTeamsTable {
  id: Generated<number>;
  team_id: string;
  enterprise_id: string | null;
  channel_id: string;
  name: string;
  cadence: Cadence;
  checkin_day: Weekday;
  checkin_time: string;
  time_zone: string;
  created_by: string;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  paused_until: Timestamp | null;
}

export interface TeamRespondentsTable {
  ml_team_id: number;
  user_id: string;
  added_at: CreatedAt;
}

export interface PeopleTable {
  team_id: string;
  user_id: string;
  role: Role | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface AnswersTable {
  ml_team_id: number;
  period: string;
  user_id: string;
  team_id: string;
  /** Criterion ids in place, ladders expanded. */
  met: string[];
  /** Practice → reason, for each the person says does not apply to the team; null when none. */
  not_applicable: Json<Record<string, string>>;
  note: string | null;
  /** True when given with "Nothing changed" (the person's previous answer, repeated); otherwise null. */
  confirmed_unchanged: ColumnType<true | null, true | null | undefined, true | null>;
  submitted_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface RoundSnapshotsTable {
  ml_team_id: number;
  period: string;
  team_id: string;
  prompted: boolean;
  answered: number;
  expected: number;
  /** Respondents away by their Slack status who did not answer; null when none (never 0). */
  away: ColumnType<number | null, number | null | undefined, number | null>;
  level: number | null;
  /** Criteria in place, practices not applicable included. */
  met: string[];
  /** Practice → its distinct reasons, for each the team said does not apply; null when none. */
  not_applicable: Json<Record<string, string[]>>;
  disputed: string[];
  closed_at: CreatedAt;
}

export interface DeliveriesTable {
  key: string;
  team_id: string;
  ml_team_id: number | null;
  kind: string;
  period: string;
  status: DeliveryStatus;
  attempts: ColumnType<number, number | undefined, number>;
  /** The database's now() when the current attempt was claimed: its lease runs from here. */
  claimed_at: Timestamp;
  /** The tick's instant (its `now`, e.g. --at, plus time spent) when the outcome was written. */
  finished_at: Timestamp | null;
  channel_id: string | null;
  message_ts: string | null;
  error: string | null;
}

export interface SnoozesTable {
  ml_team_id: number;
  kind: string;
  until: Timestamp;
  snoozed_by: string;
}

export interface SlackInstallationsTable {
  /** The team id of a workspace install, the enterprise id of an org-wide one. */
  installation_id: string;
  team_id: string | null;
  team_name: string | null;
  enterprise_id: string | null;
  enterprise_name: string | null;
  enterprise_url: string | null;
  is_enterprise_install: boolean;
  app_id: string | null;
  /** Sealed (src/db/token-cipher.ts), never clear text. */
  bot_token: string;
  bot_id: string | null;
  bot_user_id: string;
  bot_scopes: string[];
  /** Sealed, with token rotation only. */
  bot_refresh_token: string | null;
  bot_token_expires_at: Timestamp | null;
  installer_user_id: string;
  installed_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** The org-level digest of an org-wide install: its channel (in workspace team_id) and time zone. */
export interface OrgDigestsTable {
  enterprise_id: string;
  team_id: string;
  channel_id: string;
  time_zone: string;
  set_by: string;
  created_at: CreatedAt;
}

/** A team's link to a repository, an MLflow experiment or a registered model (options: repositories only). */
export interface EvidenceLinksTable {
  id: Generated<number>;
  ml_team_id: number;
  team_id: string;
  subject_kind: SubjectKind;
  subject: string;
  model: ColumnType<boolean, boolean | undefined, boolean>;
  training_workflow: string | null;
  deploy_environment: string | null;
  scoring_path: string | null;
  linked_by: string;
  created_at: CreatedAt;
  /** GitHub's id of a linked repository, from its first webhook (a rename keeps it); null until then. */
  github_repository_id: ColumnType<string | null, string | number | null | undefined, string | number | null>;
}

/** One signal (domain/evidence-signal.ts), stored once per workspace, source, kind, subject and external id. */
export interface EvidenceSignalsTable {
  id: Generated<string>;
  team_id: string;
  source: EvidenceSource;
  kind: SignalKind;
  subject_kind: SubjectKind;
  subject: string;
  external_id: string;
  occurred_at: Timestamp;
  url: string | null;
  facts: ColumnType<Record<string, FactValue>, string, string>;
  received_at: CreatedAt;
}

/** GitHub webhook deliveries seen (X-GitHub-Delivery): a redelivery stores nothing new. */
export interface GithubDeliveriesTable {
  delivery_id: string;
  event: string;
  received_at: CreatedAt;
}

/** A workspace's MLflow tracking server, set by an operator (`npm run mlops -- evidence mlflow`). */
export interface MlflowSettingsTable {
  workspace_id: string;
  tracking_uri: string;
  /** Sealed (src/db/token-cipher.ts, the workspace id as owner), never clear text; null when none is needed. */
  token: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** A GitHub account (lower case) whose repositories a workspace may link, in OAuth mode. */
export interface GithubAccountsTable {
  team_id: string;
  account: string;
  allowed_at: ColumnType<Date, Date | string | undefined, never>;
}

/** What the MLflow poller keeps per linked experiment or registered model of a workspace. */
export interface MlflowSourcesTable {
  workspace_id: string;
  kind: "experiment" | "model";
  name: string;
  /** How far it has read: the newest run start or version update seen. */
  read_until: Timestamp | null;
  last_polled_at: Timestamp | null;
  /** Since when polls have failed, and why (the latest failure); both null while fresh. */
  stale_since: Timestamp | null;
  stale_reason: string | null;
  /** When a replica claimed it to poll it (the database's clock); null once that poll is recorded. */
  claimed_at: Generated<Timestamp | null>;
}

/** A named group of a workspace's ML teams (a tribe, a domain, a department). */
export interface MlGroupsTable {
  id: Generated<number>;
  /** The workspace it was created in (an organisation's group too). */
  team_id: string;
  /** The organisation whose group it is (teams of any of its workspaces); null for a workspace's group. */
  enterprise_id: ColumnType<string | null, string | null | undefined, string | null>;
  name: string;
  created_by: string;
  created_at: CreatedAt;
}

export interface MlGroupTeamsTable {
  group_id: number;
  ml_team_id: number;
}

/** A read-API token: only its SHA-256 (hex) is stored. */
export interface ApiTokensTable {
  id: Generated<number>;
  label: string;
  scope_kind: "workspace" | "org";
  scope_id: string;
  token_hash: string;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
}

export interface Database {
  workspaces: WorkspacesTable;
  ml_teams: MlTeamsTable;
  team_respondents: TeamRespondentsTable;
  people: PeopleTable;
  answers: AnswersTable;
  round_snapshots: RoundSnapshotsTable;
  deliveries: DeliveriesTable;
  snoozes: SnoozesTable;
  slack_installations: SlackInstallationsTable;
  org_digests: OrgDigestsTable;
  evidence_links: EvidenceLinksTable;
  evidence_signals: EvidenceSignalsTable;
  github_deliveries: GithubDeliveriesTable;
  mlflow_settings: MlflowSettingsTable;
  mlflow_sources: MlflowSourcesTable;
  github_accounts: GithubAccountsTable;
  ml_groups: MlGroupsTable;
  ml_group_teams: MlGroupTeamsTable;
  api_tokens: ApiTokensTable;
}

export type Workspace = Selectable<WorkspacesTable>;
export type MlTeam = Selectable<MlTeamsTable>;
export type Answer = Selectable<AnswersTable>;
export type RoundSnapshot = Selectable<RoundSnapshotsTable>;
export type Delivery = Selectable<DeliveriesTable>;
/** A link as the rules and views read it (the repository id only routes webhooks: db/evidence.ts followRepository). */
export type EvidenceLink = Omit<Selectable<EvidenceLinksTable>, "github_repository_id">;
