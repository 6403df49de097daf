/** A value for a jsonb column (see Json in schema.ts): JSON text, or null. */
export function jsonb(value: object | null): string | null {
  return value === null ? null : JSON.stringify(value);
}
