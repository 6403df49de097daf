import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { subcommands } from "../src/slack/listeners/commands/subcommands.js";
import { BOT_SCOPES } from "../src/slack/scopes.js";

interface Manifest {
  display_information: { name: string; description: string; long_description: string };
  features: {
    app_home: { home_tab_enabled: boolean };
    slash_commands: { command: string; usage_hint: string; url?: string; should_escape: boolean }[];
  };
  oauth_config: { redirect_urls?: string[]; scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[]; request_url?: string };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
    org_deploy_enabled?: boolean;
  };
}

const load = (name: string) => JSON.parse(readFileSync(`manifests/${name}`, "utf8")) as Manifest;
const manifests = { "socket-mode.json": load("socket-mode.json"), "http.json": load("http.json") };

describe.each(Object.entries(manifests))("manifests/%s", (_name, manifest) => {
  it("declares /mlops, the Home tab, interactivity, the scopes and the events the bot uses", () => {
    const [command] = manifest.features.slash_commands;
    expect(command?.command).toBe("/mlops");
    expect(command?.should_escape).toBe(true); // channel mentions arrive as <#C…|name>
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(
      [
        "channels:read",
        "chat:write",
        "chat:write.public",
        "commands",
        "groups:read",
        "files:write",
        "im:write",
        "users:read",
        // Read back the bot's own scheduled messages before posting one again (src/slack/api/keyed-messages.ts).
        "channels:history",
        "groups:history",
        "im:history",
      ].sort(),
    );
    // An org-ready app also hears when its organisation takes a workspace from it or gives one.
    const orgEvents = manifest.settings.org_deploy_enabled
      ? ["team_access_granted", "team_access_revoked"]
      : [];
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(
      ["app_home_opened", "app_uninstalled", "tokens_revoked", ...orgEvents].sort(),
    );
  });

  it("stays within Slack's manifest limits", () => {
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.display_information.long_description.length).toBeLessThanOrEqual(4000);
    expect(manifest.features.slash_commands[0]?.usage_hint.length).toBeLessThanOrEqual(1000);
  });

  it("advertises only subcommands the bot understands", () => {
    const verbs = (manifest.features.slash_commands[0]?.usage_hint ?? "")
      .split("|")
      .map((part) => part.trim().split(" ")[0]);
    expect(verbs.filter((verb) => verb && !(verb in subcommands()))).toEqual([]);
  });
});

describe("OAuth (a distributed app)", () => {
  it("asks for exactly the scopes the install link asks for", () => {
    for (const manifest of Object.values(manifests)) {
      expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
    }
  });

  it("names the redirect URL of the install flow and allows org-wide installs, over HTTP", () => {
    const http = manifests["http.json"];
    expect(http.oauth_config.redirect_urls).toEqual(["https://YOUR-BOT-HOST/slack/oauth_redirect"]);
    expect(http.settings.org_deploy_enabled).toBe(true);
  });
});

describe("the two modes", () => {
  it("point every HTTP request URL at /slack/events, and only the local one uses Socket Mode", () => {
    const http = manifests["http.json"];
    expect(http.settings.socket_mode_enabled).toBe(false);
    expect(manifests["socket-mode.json"].settings.socket_mode_enabled).toBe(true);
    for (const url of [
      http.features.slash_commands[0]?.url,
      http.settings.event_subscriptions.request_url,
      http.settings.interactivity.request_url,
    ]) {
      expect(url).toMatch(/^https:\/\/.+\/slack\/events$/);
    }
  });
});
