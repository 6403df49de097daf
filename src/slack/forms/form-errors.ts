import type { z } from "zod";

/** A parsed modal submission, or the message to show under each failing input block. */
export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

/** Slack shows one message under each failing block (path[0] is the block_id); the first issue wins. */
export function errorsByBlock(
  issues: readonly z.core.$ZodIssue[],
  fallbackBlock: string,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const blockId = issue.path[0];
    errors[typeof blockId === "string" ? blockId : fallbackBlock] ??= issue.message;
  }
  return errors;
}

/** private_metadata comes back from Slack as we sent it, unless forged: parse it, never trust it. */
export function parseMetadata<T>(schema: z.ZodType<T>, raw: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
