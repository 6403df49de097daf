// `npm run mlops -- <command>`: the operator's commands (cli-main.ts), in a process of their own.
import { processIo } from "./cli-io.js";
import { runCommand } from "./cli-main.js";
import { loadDotEnv } from "./config.js";

// .env goes into process.env, as for the bot: pg reads PGPASSWORD, PGSSLMODE and the like from there.
try {
  loadDotEnv();
} catch (error) {
  console.error(`Could not read .env in ${process.cwd()}: ${(error as Error).message}`);
  process.exit(1);
}
// The reader closed the pipe (`… | head`): it has what it wanted, as with any Unix tool; the command goes on
// and ends normally instead of dying on an unhandled EPIPE.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});
// Exits at once with the command's code, as before: nothing of a finished command may keep the process up.
process.exit(await runCommand(process.argv.slice(2), processIo()));
