// Every callback_id, action_id and block_id the bot sends or listens for, in one place.
// Those marked "public" are relied on by tests and integrations: never rename them.

/** public: any message button with this action_id opens the check-in modal. */
export const OPEN_CHECKIN_ACTION = "open_checkin";
/**
 * public: "Nothing changed", beside Check in on prompts and reminders and atop a pre-filled check-in modal;
 * value: the ml_team id. Repeats the person's previous answer for the current round.
 */
export const NOTHING_CHANGED_ACTION = "nothing_changed";

// Team setup modal. public: the block_ids below.
export const SETUP_CALLBACK = "team_setup";
export const SETUP_BLOCKS = {
  intro: "setup:intro",
  name: "setup:name",
  respondents: "setup:respondents",
  cadence: "setup:cadence",
  day: "setup:day",
  time: "setup:time",
  timeZone: "setup:time_zone",
} as const;
/** One element per input block, so every block uses the same action_id. */
export const SETUP_FIELD_ACTION = "value";

// Check-in modal. public: the block_ids and option values below.
export const CHECKIN_CALLBACK = "team_checkin";
export const CHECKIN_INTRO_BLOCK = "checkin:intro";
/** The "Nothing changed" button atop a pre-filled check-in modal. */
export const CHECKIN_UNCHANGED_BLOCK = "checkin:unchanged";
/** public: `ladder:people`, `ladder:release` (radio_buttons). */
export const ladderBlockId = <L extends "people" | "release">(ladder: L) => `ladder:${ladder}` as const;
/** public: `criteria:<dimension>` (checkboxes whose option values are criterion ids). */
export const criteriaBlockId = (dimension: string) => `criteria:${dimension}`;
/** public: role static_select and note plain_text_input. */
export const ROLE_BLOCK = "role";
/** public: the practices a respondent says do not apply (multi_static_select of criterion ids), and why. */
export const NOT_APPLICABLE_BLOCK = "checkin:not_applicable";
export const NA_REASON_BLOCK = "checkin:na_reason";
export const NOTE_BLOCK = "note";
export const CHECKIN_FIELD_ACTION = "value";

// Level hooks shared by `/mlops status` and the team digest. public: `level:<N>` and `next:<criterion id>`.
export const levelBlockId = (level: number) => `level:${level}`;
export const nextBlockId = (criterionId: string) => `next:${criterionId}`;
/** A practice's evidence, wherever it shows (issue 20's public contract). */
export const evidenceBlockId = (criterionId: string, verdict: "supports" | "disputes") =>
  `evidence:${criterionId}:${verdict}`;

// `/mlops evidence`.
export const EVIDENCE_BLOCKS = {
  links: "evidence-links",
  none: "evidence-none",
  stale: "evidence-stale",
  githubOff: "evidence-github-off",
} as const;

// `/mlops status`.
export const STATUS_BLOCKS = {
  team: "team",
  noAnswers: "no-answers",
  progress: "progress",
  complete: "complete",
  disputed: "disputed",
  ahead: "ahead",
  actions: "status:actions",
} as const;

// `/mlops teams` and `/mlops help`.
export const TEAMS_SUMMARY_BLOCK = "teams:summary";
export const teamsListBlockId = (index: number) => `teams:list:${index}`;
/** The buttons under a page of `/mlops teams`; value: the index (in name order) the page to show starts at. */
export const TEAMS_PAGE_BLOCK = "teams:page";
export const TEAMS_MORE_ACTION = "teams_page";
export const HELP_BLOCKS = { intro: "help:intro", commands: "help:commands" } as const;

// App Home.
export const HOME_BLOCKS = {
  levels: "home:levels",
  noTeams: "home:no-teams",
  /** Workspace admins only: teams per level and movers. */
  overview: "home:overview",
  /** Workspace admins only, when the workspace has groups: the overview's group filter. */
  groupFilter: "home:group-filter",
} as const;
/** The App Home overview's group filter (a static_select): its value is a group id, or "all". */
export const HOME_GROUP_FILTER_ACTION = "home_group_filter";
export const homeTeamBlockId = (mlTeamId: number) => `home:team:${mlTeamId}`;

// Scheduled messages. public: the prompt and reminder blocks, `nudge:<kind>` on each nudge's main block.
export const PROMPT_BLOCK = "checkin_prompt";
export const REMINDER_BLOCK = "checkin_reminder";
/** One team's part of a reminder listing several teams (its buttons: actionsBlockId of it). */
export const reminderTeamBlockId = (mlTeamId: number) => `${REMINDER_BLOCK}:${mlTeamId}`;
export const actionsBlockId = (blockId: string) => `${blockId}:actions`;
export const nudgeBlockId = (kind: string) => `nudge:${kind}`;
export const snoozedBlockId = (kind: string) => `${nudgeBlockId(kind)}:snoozed`;
/** Button on every nudge; value "<ml_team_id>:<nudge kind>". */
export const SNOOZE_NUDGE_ACTION = "snooze_nudge";

// `/mlops history`. public: `history:levels`, the line chart of the team's level per round.
export const HISTORY_BLOCKS = {
  team: "history:team",
  empty: "history:empty",
  levels: "history:levels",
  trend: "history:trend",
  standing: "history:standing",
  changes: "history:changes",
  participation: "history:participation",
  estimate: "history:estimate",
  /** Rounds in which answers and evidence disagreed; only for a team that linked its systems. */
  evidence: "history:evidence",
} as const;

/** public: one block per practice a round lost, in the team digest. */
export const lostPracticeBlockId = (criterionId: string) => `regression:${criterionId}`;

export const DIGEST_BLOCKS = {
  title: "digest:title",
  answered: "digest:answered",
  next: "digest:next",
  disputed: "digest:disputed",
  trend: "digest:trend",
  /** The line chart of the level over the last rounds. */
  trendChart: "digest:levels",
  /** A round with no answers from a team that never had a level. */
  noLevel: "level:none",
  /** Practices in place verified and disputed by evidence; only for a team that linked its systems. */
  evidence: "digest:evidence",
} as const;

export const ORG_DIGEST_BLOCKS = {
  levels: "org:levels",
  /** Bar chart of teams per level, and line chart of teams per level over the recent weeks. */
  levelsChart: "org:levels_chart",
  levelWeeks: "org:level_weeks",
  levelWeeksText: "org:level_weeks_text",
  movedUp: "org:moved_up",
  movedDown: "org:moved_down",
  missed: "org:missed",
  next: "org:next",
  /** How many teams' levels rely on each practice counted as not applicable. */
  notApplicable: "org:not_applicable",
  participation: "org:participation",
  /** After the groups' sections, when there are more than it shows. */
  groupsMore: "org:groups_more",
  /** Teams whose level is fully verified by evidence, and those with disputed practices. */
  evidence: "org:evidence",
  /** Under the strict policy: teams whose level, without disputed practices, is lower than their answers'. */
  evidenceStrict: "org:evidence_strict",
} as const;
/** One compact section per group in the org digest. */
export const orgGroupBlockId = (index: number) => `org:group:${index}`;

// `/mlops status group <name>`. public: `group:levels`, the bar chart of the group's teams per level.
export const GROUP_BLOCKS = {
  title: "group:title",
  levelsText: "group:levels_text",
  levels: "group:levels",
  median: "group:median",
  movers: "group:movers",
  lost: "group:lost",
  missed: "group:missed",
  next: "group:next",
  participation: "group:participation",
  list: "group:list",
} as const;
