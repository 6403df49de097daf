// Out of office: a respondent whose Slack status says they are away gets no reminder, and the digest shows
// them as away rather than as not having answered. Which statuses mean away is configurable (AWAY_STATUSES).

/** The default list: emoji by their :name:, and words a status text may contain. */
export const DEFAULT_AWAY_STATUSES = [
  ":palm_tree:",
  ":airplane:",
  ":face_with_thermometer:",
  ":beach_with_umbrella:",
  "vacation",
  "holiday",
  "out of office",
  "OOO",
  "sick",
] as const;

export interface AwayRule {
  /** Status emoji that mean away, e.g. ":palm_tree:". */
  readonly emoji: ReadonlySet<string>;
  /** Words or phrases a status text means away by, lower case, matched as whole words. */
  readonly phrases: readonly string[];
}

/** The rule from a list such as AWAY_STATUSES: `:name:` entries are emoji, anything else a phrase. */
export function awayRule(entries: readonly string[]): AwayRule {
  const cleaned = entries.map((e) => e.trim()).filter((e) => e !== "");
  return {
    emoji: new Set(cleaned.filter(isEmoji).map((e) => e.toLowerCase())),
    phrases: cleaned.filter((e) => !isEmoji(e)).map((e) => e.toLowerCase()),
  };
}

function isEmoji(entry: string): boolean {
  return /^:[a-z0-9_+'-]+:$/i.test(entry);
}

/** A Slack status as users.info gives it (user.profile). */
export interface SlackStatus {
  readonly emoji: string;
  readonly text: string;
  /** Unix seconds; 0 when it never expires. */
  readonly expiration: number;
}

/**
 * Whether the status says the person is away at `now`: its emoji is listed, or its text contains a listed
 * phrase as whole words ("OOO" matches "OOO until Monday", not "cooool"). An expired status says nothing.
 */
export function isAway(status: SlackStatus, rule: AwayRule, now: Date): boolean {
  if (status.expiration > 0 && status.expiration * 1000 <= now.getTime()) return false;
  if (status.emoji !== "" && rule.emoji.has(status.emoji.toLowerCase())) return true;
  const text = ` ${status.text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ")} `;
  return rule.phrases.some((phrase) => {
    const words = phrase.replace(/[^\p{L}\p{N}]+/gu, " ").trim();
    return words !== "" && text.includes(` ${words} `);
  });
}

/** The reason an away respondent's reminder is not sent, as the outbox records it. */
export const AWAY_REASON_PREFIX = "away";

export function awayReason(status: SlackStatus): string {
  const said = [status.emoji, status.text].filter((s) => s !== "").join(" ");
  return `${AWAY_REASON_PREFIX}: Slack status ${said.slice(0, 100)}`;
}

export function isAwayReason(reason: string | null): boolean {
  return reason?.startsWith(`${AWAY_REASON_PREFIX}:`) ?? false;
}
