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

function folded(text: Expression<unknown>): RawBuilder<string> {
  return sql`btrim(regexp_replace(translate(lower(${text}), ${NAME_FOLD.from}, ${NAME_FOLD.to}), '\\s+', ' ', 'g'))`;
}
