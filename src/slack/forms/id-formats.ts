export { CHANNEL_ID, USER_ID } from "../../domain/slack-ids.js";
