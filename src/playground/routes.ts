// The page and the small JSON API it calls, served on the bot's own port beside /slack/events.
import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import type { CustomRoute } from "@slack/bolt";
import type { Jump } from "./clock.js";
import { DELIVERY_KINDS, type DemoDeliveryKind } from "./github.js";
import { type ClickRequest, PlaygroundError } from "./session.js";
import { STAND_IN_PATH, standInPage } from "./stand-in-page.js";
import type { Playground } from "./start.js";

// The page's files: ./playground/ at the repository's root, two levels above both src/playground and dist/playground.
const PAGE_DIR = join(import.meta.dirname, "../../playground");
const FILES: Readonly<Record<string, string>> = {
  "/": "index.html",
  "/playground/app.js": "app.js",
  "/playground/app.css": "app.css",
  "/playground/blocks.js": "blocks.js",
  "/playground/chart.js": "chart.js",
  "/playground/mrkdwn.js": "mrkdwn.js",
};
const TYPES: Readonly<Record<string, string>> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
};
// Nothing but the page's own files may run or load: user text is never markup, and this says so twice.
const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'self'; img-src 'self' data: https:; object-src 'none'; base-uri 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

type Handler = (playground: Playground, body: Record<string, unknown>) => Promise<unknown>;

const API: Readonly<Record<string, Handler>> = {
  command: async (p, b) => p.side.command(str(b.user), str(b.channel), str(b.text).trim()),
  action: async (p, b) => p.side.click(clickOf(b)),
  submit: async (p, b) => p.side.submit(str(b.user), str(b.viewId), (b.values ?? {}) as never),
  close: async (p, b) => p.side.close(str(b.user), str(b.viewId)),
  home: async (p, b) => p.side.openHome(str(b.user)),
  clock: async (p, b) => p.jump(str(b.jump) as Jump, typeof b.to === "string" ? new Date(b.to) : undefined),
  github: async (p, b) => p.github(deliveryKind(b.kind), str(b.channel), str(b.user)),
  reset: async (p) => p.reset(),
};

export function playgroundRoutes(playground: Playground): CustomRoute[] {
  const files = Object.entries(FILES).map(
    ([path, file]): CustomRoute => ({
      path,
      method: ["GET"],
      handler: (_req, res) => void serveFile(res, file),
    }),
  );
  return [
    ...files,
    // Browsers ask for it; there is none, and a 404 would be logged in the page's console.
    { path: "/favicon.ico", method: ["GET"], handler: (_req, res) => void res.writeHead(204).end() },
    {
      path: "/playground/api/state",
      method: ["GET"],
      handler: (req, res) => {
        const user = new URL(req.url ?? "/", "http://localhost").searchParams.get("user") ?? "";
        json(res, 200, playground.state(user));
      },
    },
    {
      path: STAND_IN_PATH,
      method: ["GET"],
      handler: (req, res) => {
        const to = new URL(req.url ?? "/", "http://localhost").searchParams.get("to") ?? "";
        // Its one inline <style> is all it may load: no script, no image, no frame.
        const csp = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'";
        res.writeHead(200, {
          ...SECURITY_HEADERS,
          "content-security-policy": csp,
          "content-type": TYPES.html,
        });
        res.end(standInPage(to));
      },
    },
    {
      path: "/playground/files/:id",
      method: ["GET"],
      handler: (req, res) => {
        const id = decodeURIComponent(
          new URL(req.url ?? "/", "http://localhost").pathname.split("/").pop() ?? "",
        );
        const file = playground.file(id);
        if (!file?.content) return json(res, 404, { error: `no file ${id} was uploaded to the playground` });
        res.writeHead(200, {
          ...SECURITY_HEADERS,
          "content-type": file.filename.endsWith(".csv")
            ? "text/csv; charset=utf-8"
            : "application/octet-stream",
          "content-disposition": `attachment; filename="${file.filename.replace(/[^\w.-]/g, "_")}"`,
          "content-length": String(file.content.length),
        });
        res.end(file.content);
      },
    },
    {
      path: "/playground/api/:name",
      method: ["POST"],
      handler: (req, res) => void callApi(playground, req, res),
    },
  ];
}

async function serveFile(res: ServerResponse, file: string): Promise<void> {
  try {
    const content = await readFile(join(PAGE_DIR, file));
    res.writeHead(200, {
      "content-type": TYPES[file.split(".").pop() ?? ""] ?? "text/plain",
      ...SECURITY_HEADERS,
    });
    res.end(content);
  } catch {
    json(res, 404, { error: `the playground's page file ${file} is missing from ${PAGE_DIR}` });
  }
}

async function callApi(playground: Playground, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const name = new URL(req.url ?? "/", "http://localhost").pathname.split("/").pop() ?? "";
  const handler = API[name];
  if (!handler) return json(res, 404, { error: `no playground call named ${name}` });
  // JSON only: another site's page cannot send that to localhost without the browser asking first.
  if (!(req.headers["content-type"] ?? "").startsWith("application/json"))
    return json(res, 415, { error: "send JSON (content-type: application/json)" });
  try {
    const body = JSON.parse((await readAll(req)) || "{}") as Record<string, unknown>;
    json(res, 200, { ok: true, result: (await handler(playground, body)) ?? null });
  } catch (err) {
    const known = err instanceof PlaygroundError || err instanceof SyntaxError;
    json(res, known ? 400 : 500, { ok: false, error: err instanceof Error ? err.message : String(err) });
  }
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      data += chunk;
    });
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", ...SECURITY_HEADERS });
  res.end(JSON.stringify(body));
}

function clickOf(b: Record<string, unknown>): ClickRequest {
  return {
    userId: str(b.user),
    channel: typeof b.channel === "string" ? b.channel : undefined,
    ts: typeof b.ts === "string" ? b.ts : undefined,
    viewId: typeof b.viewId === "string" ? b.viewId : undefined,
    blockIndex: Number(b.blockIndex),
    actionId: str(b.actionId),
    values: (b.values ?? undefined) as ClickRequest["values"],
    selected: typeof b.selected === "string" ? b.selected : undefined,
  };
}

function deliveryKind(value: unknown): DemoDeliveryKind {
  const kind = DELIVERY_KINDS.find((k) => k === value);
  if (!kind)
    throw new PlaygroundError(`GitHub deliveries the playground sends: ${DELIVERY_KINDS.join(", ")}`);
  return kind;
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}
