// Keyset cursors: opaque to clients (base64url of a small JSON), strict when read back, so a cursor that was
// not ours is a 400 and never a query.
import { isValidLocalDate } from "../domain/zoned-time.js";

export type CursorKind = "id" | "period";

export function encodeCursor(kind: CursorKind, value: number | string): string {
  return Buffer.from(JSON.stringify({ [kind]: value }), "utf8").toString("base64url");
}

/** The cursor's value, undefined when none was given, or null when it is malformed. */
export function decodeCursor(kind: "id", text: string | null): number | undefined | null;
export function decodeCursor(kind: "period", text: string | null): string | undefined | null;
export function decodeCursor(kind: CursorKind, text: string | null): number | string | undefined | null {
  if (text === null) return undefined;
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null || Object.keys(parsed).length !== 1) return null;
  const value = (parsed as Record<string, unknown>)[kind];
  if (kind === "id") return Number.isSafeInteger(value) && (value as number) > 0 ? (value as number) : null;
  return typeof value === "string" && isValidLocalDate(value) ? value : null;
}
