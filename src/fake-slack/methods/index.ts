import { authMethods } from "./auth.js";
import { chatMethods } from "./chat.js";
import { conversationsMethods } from "./conversations.js";
import { filesMethods } from "./files.js";
import type { MethodTable } from "./types.js";
import { usersMethods } from "./users.js";
import { viewsMethods } from "./views.js";

/** Every Web API method the fake answers; any other gets Slack's `unknown_method`. */
export const METHODS: MethodTable = {
  ...authMethods,
  ...chatMethods,
  ...viewsMethods,
  ...usersMethods,
  ...conversationsMethods,
  ...filesMethods,
};
