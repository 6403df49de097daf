import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EVIDENCE_EVENTS } from "../src/evidence/github/signals.js";

interface GitHubAppManifest {
  name: string;
  url: string;
  hook_attributes: { url: string; active: boolean };
  redirect_url: string;
  public: boolean;
  default_events: string[];
  default_permissions: Record<string, string>;
}

const manifest = JSON.parse(readFileSync("manifests/github-app.json", "utf8")) as GitHubAppManifest;

describe("manifests/github-app.json", () => {
  it("subscribes to exactly the events the bot turns into evidence", () => {
    expect([...manifest.default_events].sort()).toEqual([...EVIDENCE_EVENTS].sort());
  });

  it("asks only to read: actions, checks, deployments, contents and metadata", () => {
    expect(Object.keys(manifest.default_permissions).sort()).toEqual(
      ["actions", "checks", "contents", "deployments", "metadata"].sort(),
    );
    expect(new Set(Object.values(manifest.default_permissions))).toEqual(new Set(["read"]));
  });

  it("sends its webhooks to the bot's /github/webhooks and stays private to the account that creates it", () => {
    expect(manifest.hook_attributes).toEqual({ url: "https://YOUR-BOT-HOST/github/webhooks", active: true });
    expect(manifest.public).toBe(false);
    expect(manifest.redirect_url).toBe("https://YOUR-BOT-HOST/github/app-created");
    expect(manifest.name.length).toBeLessThanOrEqual(34); // GitHub's limit for an App's name
  });
});
