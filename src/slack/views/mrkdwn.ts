import { cutDisplayText } from "./graphemes.js";

/** Escapes the three characters Slack treats as control characters, so user text never pings or links. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
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
