// Every callback_id, action_id and block_id the bot sends or listens for, in one place.
// Those marked "public" are relied on by tests and integrations: never rename them.

/** public: any message button with this action_id opens the check-in modal. */
export const OPEN_CHECKIN_ACTION = "open_checkin";
