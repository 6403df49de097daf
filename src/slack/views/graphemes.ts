// Display text cut by what a person sees as one character (a grapheme: an emoji with its skin tone or ZWJ
// family, a letter with its accents), never inside one, and within a limit counted as Slack counts it
// (UTF-16 code units, as JavaScript's `length`).
const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** The longest start of `text` of whole graphemes that is at most `max` long. */
export function graphemePrefix(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (end + segment.length > max) break;
    end += segment.length;
  }
  return text.slice(0, end);
}

/** `text` within `max`, cut at a grapheme and marked with "…" when it was cut. */
export function cutDisplayText(text: string, max: number): string {
  return text.length <= max ? text : `${graphemePrefix(text, max - 1)}…`;
}
