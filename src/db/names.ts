// Names of teams and groups are looked up as people type or paste them (domain/display-name.ts).
import { type Expression, type RawBuilder, sql } from "kysely";
import { NAME_FOLD } from "../domain/display-name.js";

/**
 * Whether the `name` column is `name`, both folded the same way in SQL: any case, any run of spaces as one, and
 * Slack's look-alikes taken as the marks they show.
 */
export function isNamed(name: string): RawBuilder<boolean> {
  return sql<boolean>`${folded(sql.ref("name"))} = ${folded(sql.val(name))}`;
}

// Spaces Postgres's \s does not match, though text copied from Slack often has them.
const OTHER_SPACES = { from: "\u00a0\u202f", to: "  " } as const;
const FROM = NAME_FOLD.from + OTHER_SPACES.from;
const TO = NAME_FOLD.to + OTHER_SPACES.to;

function folded(text: Expression<unknown>): RawBuilder<string> {
  return sql`btrim(regexp_replace(translate(lower(${text}), ${FROM}, ${TO}), '\\s+', ' ', 'g'))`;
}
