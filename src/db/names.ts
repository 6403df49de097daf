// Names of teams and groups are looked up as people type or paste them (domain/display-name.ts).
import { type RawBuilder, sql } from "kysely";
import { comparableName, NAME_FOLD } from "../domain/display-name.js";

/**
 * Whether the `name` column is `name` as comparableName compares them: any case, any run of spaces as one, and
 * Slack's look-alikes taken as the marks they show.
 */
export function isNamed(name: string): RawBuilder<boolean> {
  return sql<boolean>`btrim(regexp_replace(translate(lower(name), ${NAME_FOLD.from}, ${NAME_FOLD.to}), '\\s+', ' ', 'g')) = ${comparableName(name)}`;
}
