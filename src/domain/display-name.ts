// A name people typed, as it may be shown to others: without the invisible characters that make one name
// look like another or turn the text around it (zero-width spaces and joiners, bidirectional controls,
// byte-order marks), nor control characters (a NUL, which Postgres cannot even store). A zero-width joiner
// inside an emoji sequence (a family, a person at a laptop) is part of the emoji and stays.
const ZERO_WIDTH_JOINER = 0x200d;
const INVISIBLE = new Set([
  0x061c, 0x200b, 0x200c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2061, 0x2062,
  0x2063, 0x2064, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff,
]);
const PICTOGRAPH = /\p{Extended_Pictographic}/u;

export function cleanDisplayName(name: string): string {
  const chars = [...name];
  return chars
    .filter((c, i) => {
      const cp = c.codePointAt(0) ?? 0;
      if (cp < 0x20 || cp === 0x7f || INVISIBLE.has(cp)) return false;
      if (cp === ZERO_WIDTH_JOINER) return endsEmoji(chars[i - 1]) && PICTOGRAPH.test(chars[i + 1] ?? "");
      return true;
    })
    .join("");
}

/** A pictograph, or what may follow one inside an emoji: a variation selector or a skin tone. */
function endsEmoji(c: string | undefined): boolean {
  const cp = c?.codePointAt(0) ?? 0;
  return PICTOGRAPH.test(c ?? "") || cp === 0xfe0f || (cp >= 0x1f3fb && cp <= 0x1f3ff);
}

/**
 * Slack formats *x*, _x_ and ~x~, and mrkdwn cannot escape them: where a name has such a mark, replies show it as
 * a look-alike Slack leaves alone (slack/views/mrkdwn.ts).
 */
export const FORMATTING_LOOKALIKES: Readonly<Record<"*" | "_" | "~", string>> = {
  "*": "\u2217",
  _: "\uff3f",
  "~": "\u223c",
};
const LOOKALIKE_CHARS = Object.values(FORMATTING_LOOKALIKES).join("");
const MARK_CHARS = Object.keys(FORMATTING_LOOKALIKES).join("");

/**
 * A name compares as the mark each look-alike stands for, so a name pasted from a reply finds its team as the
 * typed one does: the characters to replace, and what with, as SQL's translate(text, from, to) takes them.
 */
export const NAME_FOLD = { from: LOOKALIKE_CHARS, to: MARK_CHARS } as const;
