import type { FakeWorkspace } from "../state.js";

/** One Web API call as the bot made it: the method, its decoded arguments and the bearer token. */
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
  at: number;
}

/** What a method answers with HTTP 200: `{ ok: true, … }` or Slack's `{ ok: false, error }`. */
export type MethodHandler = (call: RecordedCall, workspace: FakeWorkspace) => Record<string, unknown>;

export type MethodTable = Readonly<Record<string, MethodHandler>>;
