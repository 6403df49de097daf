import { describe, expect, it } from "vitest";
import { maskSecrets, toBoltLogger } from "../src/logger.js";
import { capturingLogger } from "./support/logger.js";

describe("structured logs", () => {
  it("writes one JSON object per line with the level as a word", () => {
    const { logger, lines } = capturingLogger();
    logger.child({ component: "db" }).info({ teams: 3 }, "migrated");
    expect(lines()).toEqual([
      expect.objectContaining({ level: "info", component: "db", teams: 3, msg: "migrated" }),
    ]);
  });

  it("redacts tokens and secrets, whether in fields or inside free text", () => {
    const { logger, lines } = capturingLogger();
    logger.info(
      { token: "xoxb-1-2-3", config: { signingSecret: "abc" }, headers: { authorization: "Bearer xoxb-9" } },
      "x",
    );
    logger.warn("failed with xoxb-123-456-secretpart and postgres://bot:hunter2@db:5432/mlops");
    logger.error({ err: new Error("auth failed for xapp-1-A0-secret") }, "boom");
    const text = JSON.stringify(lines());
    for (const secret of ["xoxb-1-2-3", 'abc"', "xoxb-9", "secretpart", "hunter2", "xapp-1-A0-secret"]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain("[redacted]");
  });

  it("redacts OAuth tokens, refresh tokens and the app's secrets, as Bolt and Slack name them too", () => {
    const { logger, lines } = capturingLogger();
    logger.info(
      {
        installation: { bot: { token: "t-one", refreshToken: "r-one" } },
        access_token: "t-two",
        refresh_token: "r-two",
        oauth: { clientSecret: "c-one", stateSecret: "s-one", tokenKeys: { current: "k-one" } },
        args: { client_secret: "c-two" },
      },
      "refreshed xoxe.xoxb-1-AAAA with xoxe-1-BBBB",
    );
    const text = JSON.stringify(lines());
    for (const secret of [
      "t-one",
      "r-one",
      "t-two",
      "r-two",
      "c-one",
      "s-one",
      "k-one",
      "c-two",
      "AAAA",
      "BBBB",
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain("xoxe.xoxb-[redacted]");
  });

  it("masks only the secret part of a text", () => {
    expect(maskSecrets("token xoxb-111-222 in postgres://u:pw@h/db")).toBe(
      "token xoxb-[redacted] in postgres://u:[redacted]@h/db",
    );
  });

  it("masks an OAuth exchange written inside a message, as JSON or as a form, and keeps the rest", () => {
    expect(
      maskSecrets(
        'http request body: {"code":"4724.4644.23ab","client_id":"1111.2222","client_secret":"s3"}',
      ),
    ).toBe('http request body: {"code":"[redacted]","client_id":"1111.2222","client_secret":"[redacted]"}');
    expect(maskSecrets("GET /slack/oauth_redirect?code=4724.4644.23ab&state=abc")).toBe(
      "GET /slack/oauth_redirect?code=[redacted]&state=[redacted]",
    );
    expect(maskSecrets("error code: 500, barcode=1")).toBe("error code: 500, barcode=1");
  });

  it.each([
    ["postgres://postgres@127.0.0.1:1/nope", "postgres://postgres@127.0.0.1:1/nope"],
    ["postgres://127.0.0.1:5432/mlops", "postgres://127.0.0.1:5432/mlops"],
    ["postgresql://bot:s3cr3t@db.internal:6432/mlops", "postgresql://bot:[redacted]@db.internal:6432/mlops"],
    ["postgres://bot:p@ss:w/rd@db:5432/mlops", "postgres://bot:[redacted]@db:5432/mlops"],
    ["postgres://bot:p@ss@db/mlops failed for x@y", "postgres://bot:[redacted]@db/mlops failed for x@y"],
    ["postgres://bot:@db/mlops", "postgres://bot:[redacted]@db/mlops"],
    [
      "postgres://db/mlops?user=bot&password=s3cr3t&ssl=1",
      "postgres://db/mlops?user=bot&password=[redacted]&ssl=1",
    ],
  ])("in %s hides only the password: user, host, port and database stay", (url, shown) => {
    expect(maskSecrets(`could not connect to ${url}`)).toBe(`could not connect to ${shown}`);
  });

  it("folds Bolt's variadic log calls into one line, keeping errors structured", () => {
    const { logger, lines } = capturingLogger();
    toBoltLogger(logger).error("An unhandled error", new Error("kaput"));
    expect(lines()[0]).toMatchObject({
      level: "error",
      via: "bolt",
      msg: "An unhandled error",
      err: { message: "kaput" },
    });
  });
});
