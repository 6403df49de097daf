// The shapes of Slack's ids, for anything that reads them from outside Slack's own payloads (CLI, imports).

/** Slack user ids (U… or, on Enterprise Grid, W…). */
export const USER_ID = /^[UW][A-Z0-9]+$/;
/** Channel ids a team can live in: public (C…) and private (G…) channels, not direct messages. */
export const CHANNEL_ID = /^[CG][A-Z0-9]+$/;
/** Workspace (team) ids. */
export const WORKSPACE_ID = /^T[A-Z0-9]+$/;
