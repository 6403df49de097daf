// The playground's "now": the wall clock moved forward by the person, so a week's rhythm fits in minutes.
import {
  digestAt,
  nextRound,
  previousRound,
  promptAt,
  type Round,
  reminderAt,
  roundAt,
  type TeamSchedule,
} from "../domain/calendar.js";

export type Jump = "prompt" | "reminder" | "digest" | "hour" | "day";

export class PlaygroundClock {
  /** How far ahead of the wall clock "now" is, in ms (kept across restarts by SavedState). */
  offset = 0;

  constructor(private readonly wall: () => number = Date.now) {}

  readonly now = (): Date => new Date(this.wall() + this.offset);

  /** Moves "now" to `to`; false, and nothing changes, when that is not after now (what happened stays). */
  moveTo(to: Date): boolean {
    if (!(to.getTime() > this.now().getTime())) return false;
    this.offset = to.getTime() - this.wall();
    return true;
  }

  reset(): void {
    this.offset = 0;
  }
}

const AT: Readonly<Record<"prompt" | "reminder" | "digest", (s: TeamSchedule, r: Round) => Date>> = {
  prompt: promptAt,
  reminder: reminderAt,
  digest: digestAt,
};

/**
 * Where a fresh demo starts: now, or this round's prompt while that is still ahead (Monday before 10:00), so
 * that every team channel opens with this round's prompt, as the demo's history assumes.
 */
export function demoStartAt(schedule: TeamSchedule, now: Date): Date {
  const prompt = promptAt(schedule, roundAt(schedule, now));
  return prompt.getTime() > now.getTime() ? prompt : now;
}

/** The next instant after `now` of a jump: a team's next prompt, Thursday reminder or Monday digest. */
export function jumpTarget(jump: Jump, schedule: TeamSchedule, now: Date): Date {
  if (jump === "hour") return new Date(now.getTime() + 3_600_000);
  if (jump === "day") return new Date(now.getTime() + 86_400_000);
  const at = AT[jump];
  // The previous round's digest may still be ahead (Monday before 09:00); a round's prompt may be past.
  let round = previousRound(schedule, roundAt(schedule, now));
  for (let i = 0; i < 4; i++, round = nextRound(schedule, round)) {
    const instant = at(schedule, round);
    if (instant.getTime() > now.getTime()) return instant;
  }
  return new Date(now.getTime() + 86_400_000);
}
