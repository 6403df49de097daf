import type { ColumnType, Generated, Selectable } from "kysely";
import type { Cadence } from "../domain/calendar.js";
import type { DeliveryStatus } from "../domain/delivery-policy.js";
import type { Role } from "../domain/roles.js";
import type { Weekday } from "../domain/zoned-time.js";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface WorkspacesTable {
  team_id: string;
  enterprise_id: string | null;
  digest_channel_id: string | null;
  digest_time_zone: string | null;
  digest_set_by: string | null;
  created_at: CreatedAt;
  uninstalled_at: Timestamp | null;
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
  /**
   * Criterion ids in place, ladders expanded, and a token `na:<criterion id>:<reason>` per practice the person
   * says does not apply to the team (see domain/not-applicable.ts).
   */
  met: string[];
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
  /** Criteria in place (practices not applicable included) and a `na:<criterion id>:<reason>` token per reason. */
  met: string[];
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

/** A named group of a workspace's ML teams (a tribe, a domain, a department). */
export interface MlGroupsTable {
  id: Generated<number>;
  team_id: string;
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
  ml_groups: MlGroupsTable;
  ml_group_teams: MlGroupTeamsTable;
  api_tokens: ApiTokensTable;
}

export type Workspace = Selectable<WorkspacesTable>;
export type MlTeam = Selectable<MlTeamsTable>;
export type Answer = Selectable<AnswersTable>;
export type RoundSnapshot = Selectable<RoundSnapshotsTable>;
export type Delivery = Selectable<DeliveriesTable>;
