// Every callback_id, action_id and block_id the bot sends or listens for, in one place.
// Those marked "public" are relied on by tests and integrations: never rename them.

/** public: any message button with this action_id opens the check-in modal. */
export const OPEN_CHECKIN_ACTION = "open_checkin";

// Team setup modal (issue 3).
export const SETUP_CALLBACK = "team_setup";
export const SETUP_BLOCKS = {
  name: "setup:name",
  respondents: "setup:respondents",
  cadence: "setup:cadence",
  day: "setup:day",
  time: "setup:time",
  timeZone: "setup:time_zone",
} as const;
/** One element per input block, so every block uses the same action_id. */
export const SETUP_FIELD_ACTION = "value";

// Check-in modal (issue 3). public: the block_ids and option values below.
export const CHECKIN_CALLBACK = "team_checkin";
/** public: `ladder:people`, `ladder:release` (radio_buttons). */
export const ladderBlockId = <L extends "people" | "release">(ladder: L) => `ladder:${ladder}` as const;
/** public: `criteria:<dimension>` (checkboxes whose option values are criterion ids). */
export const criteriaBlockId = (dimension: string) => `criteria:${dimension}`;
/** public: role static_select and note plain_text_input. */
export const ROLE_BLOCK = "role";
export const NOTE_BLOCK = "note";
export const CHECKIN_FIELD_ACTION = "value";

// `/mlops status` message hooks (issue 3). public: `level:<N>` and `next:<criterion id>`.
export const levelBlockId = (level: number) => `level:${level}`;
export const nextBlockId = (criterionId: string) => `next:${criterionId}`;

// Scheduled messages (issue 4). public: `nudge:<kind>` on each nudge's main block; the snooze button.
export const nudgeBlockId = (kind: string) => `nudge:${kind}`;
/** Button on every nudge; value "<ml_team_id>:<nudge kind>". */
export const SNOOZE_NUDGE_ACTION = "snooze_nudge";
