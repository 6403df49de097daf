// Slack's documented Block Kit size limits, used by the builders and by the tests that check them
// (docs.slack.dev reference/block-kit; see docs/slack-platform.md §3 and §10).

export const LIMITS = {
  /** Blocks in one message. */
  messageBlocks: 50,
  /** Blocks in a modal or the Home tab. */
  viewBlocks: 100,
  /** mrkdwn or plain text of a section. */
  sectionText: 3000,
  /** A header's plain text. */
  headerText: 150,
  /** An option's text, and its description (hint). */
  optionText: 75,
  /** A modal's title, submit and close labels. */
  modalTitle: 24,
  /** A modal's private_metadata. */
  privateMetadata: 3000,
  /** Elements of a context block. */
  contextElements: 10,
  /** A button's text. */
  buttonText: 75,
  /** A button's value. */
  buttonValue: 2000,
  /** A block_id or action_id. */
  id: 255,
  /** Total text of a message before Slack answers msg_blocks_too_long (undocumented; a maintainer's figure). */
  messageText: 12_000,
} as const;
