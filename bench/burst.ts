// Issue 22's one-user burst: 2,000 signed slash commands at once from one person (status, teams, history and
// export in turn: reads, and commands that call Slack), and another person's `/mlops help` in the middle.
// What the person sees of each is sorted by its text; every ack is timed.
import { slashCommand } from "../test/support/payloads.js";
import { signedHeaders } from "../test/support/signing.js";

export const BURST_REQUESTS = 2_000;
const COMMANDS = ["status", "teams", "history", "export"];
const BURSTER = { teamId: "T0", userId: "UBURST" };
const OTHER = { teamId: "T0", userId: "UOTHER" };

export interface BurstFigures {
  requests: number;
  /** Replies by what they said: answered, "slow down", an empty ack, "unavailable" or "busy", HTTP errors. */
  replies: Record<string, number>;
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  /** The other person's /mlops help, sent once half the burst is out. */
  otherHelpMs: number;
  otherHelpAnswered: boolean;
}

export async function oneUserBurst(events: string, responseUrl: string): Promise<BurstFigures> {
  const replies: Record<string, number> = {};
  const times: number[] = [];
  let sent = 0;
  let halfway: () => void = () => {};
  const half = new Promise<void>((resolve) => {
    halfway = resolve;
  });
  const burst = Array.from({ length: BURST_REQUESTS }, async (_, i) => {
    const text = COMMANDS[i % COMMANDS.length] ?? "status";
    const started = performance.now();
    const kind = await command(events, text, BURSTER, responseUrl).then(
      sortReply,
      (err: Error) => `error: ${err.name}`,
    );
    times.push(performance.now() - started);
    replies[kind] = (replies[kind] ?? 0) + 1;
    sent += 1;
    if (sent === BURST_REQUESTS / 2) halfway();
  });
  await half;
  const started = performance.now();
  const help = await command(events, "help", OTHER, responseUrl).catch(() => "");
  const otherHelpMs = performance.now() - started;
  await Promise.all(burst);
  times.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? Number.NaN);
  return {
    requests: BURST_REQUESTS,
    replies,
    ackP50Ms: at(0.5),
    ackP99Ms: at(0.99),
    ackMaxMs: Math.round(times.at(-1) ?? Number.NaN),
    otherHelpMs: Math.round(otherHelpMs),
    otherHelpAnswered: help.includes("/mlops help"),
  };
}

/** A signed slash command; resolves to the ack's text ("" for an empty ack, "HTTP n" for a refusal). */
async function command(
  events: string,
  text: string,
  actor: typeof BURSTER,
  responseUrl: string,
): Promise<string> {
  const body = new URLSearchParams({ ...slashCommand(text, { actor, responseUrl }) } as Record<
    string,
    string
  >).toString();
  const res = await fetch(events, {
    method: "POST",
    body,
    headers: signedHeaders(body, "application/x-www-form-urlencoded"),
    signal: AbortSignal.timeout(30_000),
  });
  if (res.status !== 200) return `HTTP ${res.status}`;
  const raw = await res.text();
  if (raw === "") return "";
  return (JSON.parse(raw) as { text?: string }).text ?? "(blocks)";
}

function sortReply(text: string): string {
  if (text.startsWith("HTTP")) return text;
  if (text === "") return "empty ack";
  if (text.includes("slow down")) return "slow down";
  if (text.includes("temporarily unavailable")) return "unavailable";
  if (text.includes("busy")) return "busy";
  return "answered";
}
