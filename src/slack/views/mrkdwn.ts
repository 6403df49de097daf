import { FORMATTING_LOOKALIKES } from "../../domain/display-name.js";
import { cutDisplayText } from "./graphemes.js";

/** Escapes the three characters Slack treats as control characters, so user text never pings or links. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

// Slack turns *x*, _x_ and ~x~ into bold, italics and strikethrough when the marks stand at the edge of a word,
// and mrkdwn has no escape for them: such a mark in a name becomes a look-alike Slack leaves alone (∗ ＿ ∼).
// A mark inside a word (a_b_c, C*D) or standing alone (ML ~ Ops) never formats, so it stays as typed.
const FORMATTING_MARK = /(?<![\p{L}\p{N}])[*_~](?=\S)|(?<=\S)[*_~](?![\p{L}\p{N}])/gu;

/** A name (a team's, a group's) inside mrkdwn: cut to `max`, escaped, and never formatting the text around it. */
export function nameText(name: string, max: number): string {
  return escapeMrkdwn(truncate(name, max)).replace(
    FORMATTING_MARK,
    (mark) => FORMATTING_LOOKALIKES[mark as keyof typeof FORMATTING_LOOKALIKES],
  );
}

/**
 * User text as inline code: a backtick would end the code span early, so each becomes a similar
 * apostrophe (U+02CB), and the text is escaped like any other.
 */
export function inlineCode(text: string): string {
  return `\`${escapeMrkdwn(text.replace(/`/g, "\u02cb"))}\``;
}

/** Cuts text to a Block Kit limit (at a grapheme, never inside an emoji), marking the cut so nobody mistakes it for the whole. */
export function truncate(text: string, max: number): string {
  return cutDisplayText(text, max);
}
