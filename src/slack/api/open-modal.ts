// views.open exchanges a trigger_id once and only within 3 s of the person's command or click; Slack refuses
// a late, used or unknown one, and then nothing opens: the person has to ask again (issue 22 item 13).
import type { ModalView } from "@slack/types";
import type { WebClient } from "./client.js";
import { isSlackRefusal, slackErrorCode } from "./errors.js";

const TRIGGER_REFUSALS = new Set(["expired_trigger_id", "exchanged_trigger_id", "invalid_trigger_id"]);

/** Opens the modal; "trigger-refused" (with Slack's code) when the trigger could not be used, anything else throws. */
export async function openModal(
  client: WebClient,
  triggerId: string,
  view: ModalView,
): Promise<{ kind: "opened" } | { kind: "trigger-refused"; code: string }> {
  try {
    await client.views.open({ trigger_id: triggerId, view });
    return { kind: "opened" };
  } catch (error) {
    const code = slackErrorCode(error);
    if (isSlackRefusal(error) && TRIGGER_REFUSALS.has(code)) return { kind: "trigger-refused", code };
    throw error;
  }
}
