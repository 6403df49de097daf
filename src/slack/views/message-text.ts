// Slack refuses a message whose `text` is over 40,000 characters (msg_too_long). Text built from many
// people's words (every respondent's reasons for practices that do not apply) can pass that: it is cut, at
// a grapheme and never inside an escape (&lt;) or a mention (<@U…>), and says where the rest is.
import { graphemePrefix } from "./graphemes.js";

export const MAX_MESSAGE_TEXT = 40_000;
const SHORTENED = "… (shortened: `/mlops status` shows the details)";

/** `text` as Slack will take it: unchanged when short enough, else cut and marked. */
export function capMessageText(text: string, max = MAX_MESSAGE_TEXT): string {
  if (text.length <= max) return text;
  const head = graphemePrefix(text, max - SHORTENED.length)
    .replace(/&[a-z]{0,3}$/, "")
    .replace(/<[^>]*$/, "");
  return `${head}${SHORTENED}`;
}
