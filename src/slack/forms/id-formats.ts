/** Slack user ids (U… or, on Enterprise Grid, W…). */
export const USER_ID = /^[UW][A-Z0-9]+$/;
/** Channel ids a team can live in: public (C…) and private (G…) channels, not direct messages. */
export const CHANNEL_ID = /^[CG][A-Z0-9]+$/;
