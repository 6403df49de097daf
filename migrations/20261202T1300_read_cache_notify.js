// @ts-check
// Frozen. Every committed change to a table the bot reads for Slack tells each replica's read cache what
// changed, whoever wrote it (a replica, the scheduler, `import`, psql, code that knows nothing of the cache):
// statement-level triggers call pg_notify on the channel `mlops_reads`, which Postgres delivers on commit
// (never for a rollback), folding identical payloads of one transaction into one.
//
// A payload is `<workspace>` (anything of that workspace may have changed: its teams, their respondents,
// people), `<workspace>:<ml_team id>` (one team's own rows: answers, snapshots) or `*` (a TRUNCATE:
// anything). The triggers go on every table of the schema with a `team_id` or an `ml_team_id` column as it
// stands when this migration runs (so on the tables of every migration before it too), except the
// scheduler's outbox, `deliveries`, which no cached read uses and which the tick writes thousands of times a
// minute. A table with both columns notifies per team; one with only one of them, per workspace. A later
// migration that adds such a table calls `select mlops_watch_table('<table>')`; test/db/read-notify.test.ts
// fails for a table that is not watched.
import { sql } from "kysely";

/** @param {import("kysely").Kysely<any>} db */
export async function up(db) {
  await sql`
    create function mlops_notify_change() returns trigger language plpgsql as $fn$
    declare
      changed text := case tg_op
        when 'INSERT' then 'select * from mlops_new'
        when 'DELETE' then 'select * from mlops_old'
        else 'select * from mlops_old union all select * from mlops_new'
      end;
      payload text;
    begin
      -- tg_argv[0] turns the rows the statement changed into the distinct payloads they call for; none when
      -- no row changed (an insert ... on conflict do nothing that inserted nothing).
      for payload in execute format(tg_argv[0], changed) loop
        perform pg_notify('mlops_reads', payload);
      end loop;
      return null;
    end
    $fn$`.execute(db);
  await sql`
    create function mlops_notify_truncate() returns trigger language plpgsql as $fn$
    begin
      perform pg_notify('mlops_reads', '*');
      return null;
    end
    $fn$`.execute(db);
  await sql`
    create function mlops_watch_table(tbl text) returns void language plpgsql as $fn$
    declare
      has_team boolean;
      has_ml_team boolean;
      payloads text;
    begin
      select coalesce(bool_or(column_name = 'team_id'), false), coalesce(bool_or(column_name = 'ml_team_id'), false)
        into has_team, has_ml_team
        from information_schema.columns where table_schema = current_schema() and table_name = tbl;
      payloads := case
        when has_team and has_ml_team then
          'select distinct team_id || coalesce('':'' || ml_team_id, '''') from (%s) c'
        when has_team then 'select distinct team_id from (%s) c'
        -- The team's workspace; when the team itself is being deleted its own trigger tells.
        when has_ml_team then 'select distinct m.team_id from (%s) c join ml_teams m on m.id = c.ml_team_id'
      end;
      if payloads is null then
        raise exception 'mlops_watch_table: % has neither a team_id nor an ml_team_id column', tbl;
      end if;
      execute format('create trigger mlops_reads_insert after insert on %I referencing new table as mlops_new
        for each statement execute function mlops_notify_change(%L)', tbl, payloads);
      execute format('create trigger mlops_reads_update after update on %I
        referencing old table as mlops_old new table as mlops_new
        for each statement execute function mlops_notify_change(%L)', tbl, payloads);
      execute format('create trigger mlops_reads_delete after delete on %I referencing old table as mlops_old
        for each statement execute function mlops_notify_change(%L)', tbl, payloads);
      execute format('create trigger mlops_reads_truncate after truncate on %I
        for each statement execute function mlops_notify_truncate()', tbl);
    end
    $fn$`.execute(db);
  await sql`
    select mlops_watch_table(t.table_name)
      from information_schema.tables t
     where t.table_schema = current_schema() and t.table_type = 'BASE TABLE' and t.table_name not in ('deliveries', 'people')
       and exists (select from information_schema.columns c
                    where c.table_schema = t.table_schema and c.table_name = t.table_name
                      and c.column_name in ('team_id', 'ml_team_id'))`.execute(db);
}

/** @param {import("kysely").Kysely<any>} db */
export async function down(db) {
  await sql`
    do $do$
    declare
      trg record;
    begin
      for trg in select t.tgname, c.relname from pg_trigger t join pg_class c on c.oid = t.tgrelid
                  where t.tgname like 'mlops\\_reads\\_%' and c.relnamespace = current_schema()::regnamespace loop
        execute format('drop trigger %I on %I', trg.tgname, trg.relname);
      end loop;
    end
    $do$`.execute(db);
  await sql`drop function mlops_watch_table(text)`.execute(db);
  await sql`drop function mlops_notify_truncate()`.execute(db);
  await sql`drop function mlops_notify_change()`.execute(db);
}
