// SQL fragments that turn the rubric into set-based seed data. Every id and level comes from
// src/domain/rubric.ts, so the seed cannot drift from the product's criteria.
import { type RawBuilder, sql } from "kysely";
import { CRITERIA, CRITERION_LEVELS, type CriterionId, LADDERS } from "../src/domain/rubric.js";

/** A deterministic uniform number in [0, 1) from an integer key and a salt: the seed is reproducible. */
export function uniform(key: RawBuilder<unknown>, salt: number): RawBuilder<number> {
  return sql<number>`((hashint8extended((${key})::bigint, ${sql.lit(salt)}) & 2147483647)::float8 / 2147483648)`;
}

/** Chance that one respondent says a checkbox criterion is met, by its level against the team's true level. */
export const CHANCE_MET = { atOrBelow: 0.94, nextLevel: 0.3, above: 0.05 } as const;
/** Chance that a respondent puts a ladder one rung below (or above) the team's true level. */
export const LADDER_SLIP = 0.08;

/**
 * One respondent's `met` array: checkboxes drawn by level, and the two ladders expanded as the modal does
 * (a rung implies every rung below it). `answerKey` identifies the answer, `level` is the team's true level.
 */
export function metExpression(
  answerKey: RawBuilder<unknown>,
  level: RawBuilder<unknown>,
): RawBuilder<string[]> {
  const people = rungsReached(answerKey, sql`(${level}) - 1`, 21);
  const release = rungsReached(answerKey, level, 22);
  const items = CRITERIA.map((c, ord) => {
    const peopleRung = LADDERS.people.rungs.findIndex((r) => r.id === c.id);
    const releaseRung = LADDERS.release.rungs.findIndex((r) => r.id === c.id);
    const met =
      peopleRung >= 0
        ? sql`${people} >= ${sql.lit(peopleRung + 1)}`
        : releaseRung >= 0
          ? sql`${release} >= ${sql.lit(releaseRung + 1)}`
          : checkboxMet(sql`(${answerKey}) * 32 + ${sql.lit(ord)}`, c.level, level);
    return sql`case when ${met} then ${sql.lit(c.id)} end`;
  });
  return sql<string[]>`array_remove(array[${sql.join(items)}]::text[], null)`;
}

function checkboxMet(key: RawBuilder<unknown>, criterionLevel: number, level: RawBuilder<unknown>) {
  const chance = sql`case when ${sql.lit(criterionLevel)} <= ${level} then ${sql.lit(CHANCE_MET.atOrBelow)}
    when ${sql.lit(criterionLevel)} = (${level}) + 1 then ${sql.lit(CHANCE_MET.nextLevel)}
    else ${sql.lit(CHANCE_MET.above)} end`;
  return sql`${uniform(key, 13)} < ${chance}`;
}

/** How many rungs of a 3-rung ladder a respondent reports: `expected`, sometimes one off, within 0..3. */
function rungsReached(answerKey: RawBuilder<unknown>, expected: RawBuilder<unknown>, salt: number) {
  const u = uniform(answerKey, salt);
  const slip = sql`case when ${u} < ${sql.lit(LADDER_SLIP)} then -1 when ${u} > ${sql.lit(1 - LADDER_SLIP)} then 1 else 0 end`;
  return sql<number>`greatest(0, least(3, (${expected}) + ${slip}))`;
}

/** Per-criterion "yes" counts over a group of answers, as `yes_<id>` columns. */
export function yesCounts(): RawBuilder<unknown> {
  return sql.join(
    CRITERIA.map(
      (c) => sql`count(*) filter (where ${sql.lit(c.id)} = any(met)) as ${sql.id(yesColumn(c.id))}`,
    ),
  );
}

/** The team's met criteria from yes counts and `n` respondents: a strict majority, as aggregate() does. */
export function majorityMet(n: RawBuilder<unknown>): RawBuilder<string[]> {
  const items = CRITERIA.map(
    (c) => sql`case when 2 * ${sql.id(yesColumn(c.id))} > ${n} then ${sql.lit(c.id)} end`,
  );
  return sql<string[]>`array_remove(array[${sql.join(items)}]::text[], null)`;
}

/** Disputed criteria: two or more respondents and the smaller side holds at least a third. */
export function disputed(n: RawBuilder<unknown>): RawBuilder<string[]> {
  const items = CRITERIA.map((c) => {
    const yes = sql.id(yesColumn(c.id));
    return sql`case when ${n} >= 2 and 3 * least(${yes}, ${n} - ${yes}) >= ${n} then ${sql.lit(c.id)} end`;
  });
  return sql<string[]>`array_remove(array[${sql.join(items)}]::text[], null)`;
}

/** The hierarchy of needs over a met array: the highest level whose criteria, and all below, are met. */
export function levelOf(met: RawBuilder<unknown>): RawBuilder<number> {
  const upTo = (level: number) => CRITERIA.filter((c) => c.level <= level).map((c) => sql.lit(c.id));
  const steps = CRITERION_LEVELS.map(
    (level) => sql`when not (${met} @> array[${sql.join(upTo(level))}]::text[]) then ${sql.lit(level - 1)}`,
  );
  return sql<number>`case ${sql.join(steps, sql` `)} else 4 end`;
}

function yesColumn(id: CriterionId): string {
  return `yes_${id}`;
}
