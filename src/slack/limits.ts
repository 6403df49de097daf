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

// The data_visualization block (docs.slack.dev reference/block-kit/blocks/data-visualization-block). Where the
// reference we could read was silent, the stricter reading of the third-party validators is taken.
export const CHART_LIMITS = {
  /** The chart's title. */
  title: 50,
  /** Series of a line, bar or area chart, and segments of a pie. */
  series: 6,
  /** Data points of one series: every series has one per category, so also the categories. */
  points: 20,
  /** A category, a data point's label, a series' name, a segment's label. */
  label: 20,
  /** x_label and y_label. */
  axisLabel: 50,
  /** Charts in one message (a third-party validator's figure; Slack's reference does not say). */
  perMessage: 2,
} as const;
