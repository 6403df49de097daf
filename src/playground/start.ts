// The local playground: the real bot (Bolt app over HTTP, services, scheduler, embedded database in a data
// directory of its own) against the Slack stand-in, with a page that plays the Slack client.
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { type RunningBot, startBot } from "../bot.js";
import { loadConfig, playgroundDataDir } from "../config.js";
import { listTeams } from "../db/teams.js";
import { recordInstallation } from "../db/workspaces.js";
import { GITHUB_WEBHOOK_PATH } from "../evidence/github/webhook-route.js";
import { FakeSlack } from "../fake-slack/server.js";
import type { FakeFile } from "../fake-slack/state.js";
import type { Logger } from "../logger.js";
import type { TickReport } from "../scheduler/report.js";
import { tick } from "../scheduler/tick.js";
import { demoStartAt, type Jump, jumpTarget, PlaygroundClock } from "./clock.js";
import { DEMO_PEOPLE, DEMO_SCHEDULE, DEMO_WORKSPACE, FIRST_PERSON, seedDemo, seedWorkspace } from "./demo.js";
import { type DemoDeliveryKind, demoGithubEnv, sendDemoDelivery, startDemoGithub } from "./github.js";
import { seedDemoRuns, startDemoMlflow } from "./mlflow.js";
import { playgroundRoutes } from "./routes.js";
import { SavedState } from "./saved.js";
import { PlaygroundError, SlackSide } from "./session.js";
import { playgroundState } from "./state.js";

export interface PlaygroundOptions {
  readonly logger: Logger;
  /** The environment: PORT, HOST, DATA_DIR (the playground keeps DATA_DIR/playground) and LOG_LEVEL. */
  readonly env: Record<string, string | undefined>;
  /** The wall clock the playground's clock runs from (Date.now); tests start it on a chosen day. */
  readonly wall?: () => number;
}

export interface RunningPlayground extends RunningBot {
  readonly url: string;
  /** Where it keeps its teams and answers between starts. */
  readonly dataDir: string;
}

/** What the page's API acts on. */
export interface Playground {
  readonly side: SlackSide;
  state(userId: string): unknown;
  jump(jump: Jump, to?: Date): Promise<{ now: string; sent: TickReport["sent"] }>;
  /** One of the page's GitHub buttons for the team of `channel`: what was sent and the bot's answer, in a sentence. */
  github(kind: DemoDeliveryKind, channel: string, userId: string): Promise<string>;
  /** A file the bot uploaded, with its bytes. */
  file(id: string): FakeFile | undefined;
  reset(): Promise<void>;
}

export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground> {
  const { env, logger } = options;
  const slack = await new FakeSlack().start();
  const github = await startDemoGithub();
  const mlflow = await startDemoMlflow();
  const stopFakes = async () => {
    await mlflow.stop();
    await github.stop();
    await slack.stop();
  };
  seedWorkspace(slack.workspace);
  const clock = new PlaygroundClock(options.wall);
  slack.workspace.clock = () => clock.now().getTime();
  // Never the settings of a real installation: secrets of its own, the stand-ins' URLs, its own data.
  const config = loadConfig({
    SLACK_SIGNING_SECRET: randomBytes(16).toString("hex"),
    SLACK_BOT_TOKEN: "xoxb-playground",
    SLACK_API_URL: slack.apiUrl,
    ...demoGithubEnv(github, randomBytes(16).toString("hex")),
    MLFLOW_TRACKING_URI: mlflow.url,
    PORT: env.PORT,
    DATA_DIR: playgroundDataDir(env.DATA_DIR?.trim() || "./.data"),
    LOG_LEVEL: env.LOG_LEVEL?.trim() || "warn",
    RATE_LIMITS: env.RATE_LIMITS,
  });
  const host = env.HOST?.trim() || "127.0.0.1";
  let playground: Playground | undefined;
  const routes = playgroundRoutes({
    get side() {
      return ready().side;
    },
    state: (user) => ready().state(user),
    file: (id) => ready().file(id),
    jump: (jump, to) => ready().jump(jump, to),
    github: (kind, channel, user) => ready().github(kind, channel, user),
    reset: () => ready().reset(),
  });
  const ready = () => {
    if (!playground) throw new PlaygroundError("the playground is still starting");
    return playground;
  };
  let bot: RunningBot;
  try {
    bot = await startBot(config, { logger, clock: clock.now, scheduler: true, routes, host });
  } catch (err) {
    await stopFakes();
    throw err;
  }
  const { deps } = bot;
  const side = new SlackSide(slack, {
    url: `http://127.0.0.1:${bot.port}/slack/events`,
    signingSecret: config.slack.signingSecret,
  });
  const runTick = async () => (await tick(deps, clock.now())).sent;
  playground = {
    side,
    file: (id) => slack.workspace.files.get(id),
    state: (user) =>
      playgroundState(slack, clock.now(), DEMO_PEOPLE.some((p) => p.id === user) ? user : FIRST_PERSON),
    jump: async (jump, to) => {
      const target = to ?? jumpTarget(jump, DEMO_SCHEDULE, clock.now());
      if (Number.isNaN(target.getTime()) || !clock.moveTo(target))
        throw new PlaygroundError("The clock only moves forward. Choose a time after the one shown.");
      return { now: clock.now().toISOString(), sent: await runTick() };
    },
    github: (kind, channel, user) => {
      const login = DEMO_PEOPLE.find((p) => p.id === user)?.name.toLowerCase() ?? "octocat";
      const endpoint = {
        url: `http://127.0.0.1:${bot.port}${GITHUB_WEBHOOK_PATH}`,
        secret: config.github?.webhookSecret ?? "",
      };
      return sendDemoDelivery(deps, github, endpoint, { kind, channelId: channel, login });
    },
    reset: async () => {
      await startOver();
      await saved.save();
    },
  };
  const saved = new SavedState(config.dataDir, slack.workspace, clock);
  // The database and the stand-in's conversations go together: without the one, the other starts over too.
  const startOver = async () => {
    await emptyDatabase(deps.db);
    slack.reset();
    seedWorkspace(slack.workspace);
    clock.reset();
    clock.moveTo(demoStartAt(DEMO_SCHEDULE, clock.now()));
    seedDemoRuns(mlflow, clock.now());
    await recordInstallation(deps.db, { teamId: DEMO_WORKSPACE, enterpriseId: null });
    await seedDemo(deps, slack.workspace);
    logger.info("playground: demo organisation created");
    await runTick();
  };
  try {
    const restored = await saved.restore();
    if (!restored || (await listTeams(deps.db, DEMO_WORKSPACE)).length === 0) await startOver();
    await saved.save();
  } catch (err) {
    await bot.stop();
    await stopFakes();
    throw err;
  }
  saved.start((err) => logger.warn({ err }, "playground: could not save its state"));
  const shown = host.includes(":") ? `[${host}]` : host === "127.0.0.1" ? "localhost" : host;
  return {
    port: bot.port,
    deps,
    url: `http://${shown}:${bot.port}/`,
    dataDir: config.dataDir,
    stop: async () => {
      await bot.stop();
      await saved.stop();
      await stopFakes();
    },
  };
}

/** Every table but the migrations' own, emptied: the reset button starts from the demo again. */
async function emptyDatabase(db: RunningBot["deps"]["db"]): Promise<void> {
  const tables = await sql<{ tablename: string }>`
    select tablename from pg_tables
    where schemaname = current_schema() and tablename not like 'kysely_%'`.execute(db);
  if (tables.rows.length === 0) return;
  const names = tables.rows.map((t) => sql.id(t.tablename));
  await sql`truncate ${sql.join(names)} restart identity cascade`.execute(db);
}
