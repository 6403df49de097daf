/** The bot scopes the app asks for: the manifests' oauth_config.scopes.bot, and the install link's `scope`. */
export const BOT_SCOPES: readonly string[] = [
  "commands",
  "chat:write",
  "chat:write.public",
  "users:read",
  "channels:read",
  "groups:read",
  "im:write",
  "files:write",
  "channels:history",
  "groups:history",
  "im:history",
];
