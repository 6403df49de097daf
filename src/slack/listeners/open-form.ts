// Every listener that opens a modal: when Slack refuses the trigger (it took longer than 3 s), the person is
// told so, ephemerally, and what to do, instead of nothing happening on their screen.
import type { BlockAction, RespondFn } from "@slack/bolt";
import type { ModalView } from "@slack/types";
import type { Logger } from "../../logger.js";
import type { WebClient } from "../api/client.js";
import { openModal } from "../api/open-modal.js";
import { tooSlowToOpen } from "../views/replies.js";

export interface OpenForm {
  readonly client: WebClient;
  readonly triggerId: string;
  readonly view: ModalView;
  readonly logger: Logger;
  /** What the person does to try again, e.g. "run `/mlops checkin` again". */
  readonly again: string;
  /** Shows the person a line only they see. */
  tell(text: string): Promise<unknown>;
}

export async function openForm(form: OpenForm): Promise<void> {
  const opened = await openModal(form.client, form.triggerId, form.view);
  if (opened.kind === "opened") return;
  form.logger.warn({ code: opened.code }, "views.open refused the trigger: the person is asked to try again");
  await form.tell(tooSlowToOpen(form.again));
}

/** A click's own line: through its response_url when it has one (a message), else a direct message (the Home tab). */
export function tellWhoClicked(client: WebClient, body: BlockAction, respond: RespondFn) {
  return (text: string): Promise<unknown> =>
    body.response_url
      ? respond({ response_type: "ephemeral", replace_original: false, text })
      : client.chat.postMessage({ channel: body.user.id, text });
}

/** A command's own line, through its response_url (the command is already acknowledged). */
export function tellWhoTyped(respond: RespondFn) {
  return (text: string): Promise<unknown> => respond({ response_type: "ephemeral", text });
}
