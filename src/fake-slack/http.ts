// Slack's Web API wire format, as the fake reads and writes it.
import type { IncomingMessage, ServerResponse } from "node:http";

export type Answer = { status?: number; headers?: Record<string, string>; body: Record<string, unknown> };

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** An upload's bytes: the file part of a multipart form (what WebClient sends), or the raw body. */
export async function uploadedBytes(req: IncomingMessage, raw: Buffer): Promise<Buffer> {
  const type = req.headers["content-type"] ?? "";
  if (!type.startsWith("multipart/form-data")) return raw;
  const form = await new Request("http://fake.invalid/", {
    method: "POST",
    headers: { "content-type": type },
    body: new Uint8Array(raw),
  }).formData();
  for (const value of form.values())
    if (typeof value !== "string") return Buffer.from(await value.arrayBuffer());
  return Buffer.alloc(0);
}

// WebClient sends form fields and JSON-stringifies objects such as `blocks` and `view`.
export function decodeArgs(req: IncomingMessage, raw: string): Record<string, unknown> {
  if ((req.headers["content-type"] ?? "").includes("application/json")) return JSON.parse(raw || "{}");
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw))
    args[key] = /^[[{]/.test(value) ? tryJson(value) : value;
  return args;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function bearer(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith("Bearer ") ? header.slice(7) : undefined;
}

export function send(res: ServerResponse, answer: Answer, text?: string): void {
  res.writeHead(answer.status ?? 200, {
    "content-type": text ? "text/plain" : "application/json",
    ...answer.headers,
  });
  res.end(text ?? JSON.stringify(answer.body));
}
