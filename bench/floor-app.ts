// The floors of the three hot paths: a Bolt app doing the work each path cannot do without, and nothing
// else, so that the bot is judged against what its job costs rather than against an empty ack.
// - /mlops status: one round trip for the team and its latest answers, then a Block Kit reply of the bot's size;
//   with evidence, the same round trip also reads the team's signals of the last 28 days and the policy.
// - app_home_opened: the Home's reads in one round trip, then one views.publish of a view of the bot's size.
// - a check-in view_submission: one round trip for the reads (the team, whether the person answers for
//   it), one for the writes (answer, respondent, role, in one statement: one transaction) that returns the
//   round's answers, the modal closed, and the confirmation posted as the bot posts it: the team's level after
//   this answer, and how many answered.
// Same Bolt, receiver, signature checks and pool size as the bot; started once per comparison, in a process
// of its own.
import { App, LogLevel } from "@slack/bolt";
import pg from "pg";
import type { BareBoltOptions } from "./apps.js";
import { serveApp } from "./child-main.js";

export interface FloorOptions extends BareBoltOptions {
  databaseUrl: string;
  /** The period a check-in is written to (the bot's current round at the benchmark's fixed clock). */
  period: string;
  /** Bytes of the bot's status reply and Home view, which the floor's match. */
  replyBytes: number;
  homeBytes: number;
  /** Set for status with evidence: the signals since then are read in the same round trip. */
  evidenceSince?: string;
}

const STATUS = `select t.id, t.name, l.period,
    (select count(*) from team_respondents r where r.ml_team_id = t.id)::int as respondents,
    (select coalesce(json_agg(a.met), '[]') from answers a where a.ml_team_id = t.id and a.period = l.period) as answers
  from ml_teams t
  left join lateral (select period from answers where ml_team_id = t.id order by period desc limit 1) l on true
  where t.team_id = $1 and t.channel_id = $2`;

/** Status with evidence: the same round trip, which also reads the policy and the team's signals of the window. */
const STATUS_EVIDENCE = `select t.id, t.name, l.period,
    (select count(*) from team_respondents r where r.ml_team_id = t.id)::int as respondents,
    (select coalesce(json_agg(a.met), '[]') from answers a where a.ml_team_id = t.id and a.period = l.period) as answers,
    (select evidence_policy from workspaces w where w.team_id = t.team_id) as policy,
    (select coalesce(json_agg(json_build_object('kind', s.kind, 'at', s.occurred_at, 'url', s.url, 'facts', s.facts)), '[]')
       from evidence_links k join evidence_signals s on s.team_id = k.team_id
         and s.subject_kind = k.subject_kind and s.subject = k.subject and s.occurred_at >= $3
       where k.ml_team_id = t.id) as signals
  from ml_teams t
  left join lateral (select period from answers where ml_team_id = t.id order by period desc limit 1) l on true
  where t.team_id = $1 and t.channel_id = $2`;

const HOME = `select t.id, t.name,
    (select coalesce(json_agg(a.met), '[]') from answers a where a.ml_team_id = t.id
       and a.period = (select max(period) from answers where ml_team_id = t.id)) as latest,
    (select coalesce(json_agg(s.level), '[]') from (select level from round_snapshots
       where ml_team_id = t.id order by period desc limit 16) s) as trend
  from team_respondents r join ml_teams t on t.id = r.ml_team_id
  where r.user_id = $2 and t.team_id = $1`;

const CHECKIN_READ = `select t.id, t.name, t.channel_id,
    exists (select from team_respondents r where r.ml_team_id = t.id and r.user_id = $3) as respondent
  from ml_teams t where t.id = $1 and t.team_id = $2`;

const CHECKIN_WRITE = `with answer as (
    insert into answers (ml_team_id, team_id, period, user_id, met, note, submitted_at)
    values ($1, $2, $3, $4, $5, $6, now())
    on conflict (ml_team_id, period, user_id) do update
      set met = excluded.met, note = excluded.note, submitted_at = excluded.submitted_at returning met),
  respondent as (
    insert into team_respondents (ml_team_id, user_id) values ($1, $4) on conflict do nothing returning 1),
  person as (
    insert into people (team_id, user_id, role, updated_at) values ($2, $4, $7, now())
    on conflict (team_id, user_id) do update set role = coalesce(excluded.role, people.role), updated_at = now()
    returning 1)
  select a.met from answers a where a.ml_team_id = $1 and a.period = $3 and a.user_id <> $4
  union all select met from answer`;

/** A level from a round's answers: a stand-in for the bot's aggregation, as cheap as it gets. */
function levelOf(answers: readonly (readonly string[])[]): number {
  const met = answers.reduce((n, a) => n + a.length, 0) / Math.max(1, answers.length);
  return Math.min(4, Math.floor(met / 5));
}

/** Text of `bytes` characters, so that a reply's JSON is as large as the bot's. */
const filler = (bytes: number) => "x".repeat(Math.max(0, bytes));

serveApp<FloorOptions>(async (options) => {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 });
  const app = new App({
    token: options.token,
    signingSecret: options.signingSecret,
    logLevel: LogLevel.WARN,
    clientOptions: { slackApiUrl: options.slackApiUrl, retryConfig: { retries: 0 } },
  });

  app.command("/mlops", async ({ command, ack }) => {
    const { evidenceSince } = options;
    const { rows } = await pool.query(
      evidenceSince
        ? {
            name: "floor_status_evidence",
            text: STATUS_EVIDENCE,
            values: [command.team_id, command.channel_id, evidenceSince],
          }
        : { name: "floor_status", text: STATUS, values: [command.team_id, command.channel_id] },
    );
    const team = rows[0] as { name: string; respondents: number; answers: string[][] } | undefined;
    const level = levelOf(team?.answers ?? []);
    const blocks = [
      { type: "header", text: { type: "plain_text", text: team?.name ?? "no team" } },
      { type: "section", block_id: `level:${level}`, text: { type: "mrkdwn", text: `*Level ${level}*` } },
    ];
    const size = JSON.stringify({ response_type: "ephemeral", blocks }).length;
    const pad = {
      type: "context",
      elements: [{ type: "mrkdwn", text: filler(options.replyBytes - size - 60) }],
    };
    await ack({ response_type: "ephemeral", text: `Level ${level}`, blocks: [...blocks, pad] } as never);
  });

  app.event("app_home_opened", async ({ event, body, client }) => {
    const { rows } = await pool.query({
      name: "floor_home",
      text: HOME,
      values: [body.team_id, event.user],
    });
    const blocks = rows.map((t: { name: string; latest: string[][]; trend: number[] }) => ({
      type: "section",
      text: { type: "mrkdwn", text: `*${t.name}* ${t.latest.length} answers, trend ${t.trend.join(" ")}` },
    }));
    const size = JSON.stringify(blocks).length;
    blocks.push({ type: "section", text: { type: "mrkdwn", text: filler(options.homeBytes - size - 80) } });
    await client.views.publish({ user_id: event.user, view: { type: "home", blocks } as never });
  });

  app.view(/.*/, async ({ ack, body, view, client }) => {
    const { mlTeamId } = JSON.parse(view.private_metadata) as { mlTeamId: number };
    const teamId = body.team?.id ?? "";
    const userId = body.user.id;
    const read = await pool.query({
      name: "floor_checkin_read",
      text: CHECKIN_READ,
      values: [mlTeamId, teamId, userId],
    });
    const team = read.rows[0] as { name: string; channel_id: string; respondent: boolean } | undefined;
    if (!team?.respondent) {
      await ack({ response_action: "errors", errors: { note: "not a respondent" } });
      return;
    }
    const { met, note, role } = formValues(view.state.values);
    // The round's answers come back from the write: the confirmation says where the team now stands.
    const round = await pool.query<{ met: string[] }>({
      name: "floor_checkin_write",
      text: CHECKIN_WRITE,
      values: [mlTeamId, teamId, options.period, userId, met, note, role],
    });
    await ack();
    const level = levelOf(round.rows.map((r) => r.met));
    await client.chat.postEphemeral({
      channel: team.channel_id,
      user: userId,
      text: `Thanks! *${team.name}* is at *Level ${level}*; next: the practice after it. (${round.rows.length} answers this round; \`/mlops status\` shows the details.)`,
    });
  });

  const server = (await app.start(0)) as { address(): { port: number } };
  return {
    port: server.address().port,
    stop: async () => {
      await app.stop();
      await pool.end();
    },
  };
});

type StateValues = Record<
  string,
  Record<
    string,
    {
      selected_options?: { value: string }[];
      selected_option?: { value: string } | null;
      value?: string | null;
    }
  >
>;

/** The criteria ticked, the note and the role, as the check-in form holds them. */
function formValues(values: StateValues) {
  const met: string[] = [];
  let note: string | null = null;
  let role: string | null = null;
  for (const [blockId, actions] of Object.entries(values)) {
    for (const state of Object.values(actions)) {
      if (blockId === "note") note = state.value ?? null;
      else if (blockId === "role") role = state.selected_option?.value ?? null;
      else if (blockId.startsWith("criteria:") || blockId.startsWith("ladder:")) {
        for (const o of state.selected_options ?? []) met.push(o.value);
        if (state.selected_option) met.push(state.selected_option.value);
      }
    }
  }
  return { met, note, role };
}
