// `npm run mlops -- <command>`: the operator's commands (cli-main.ts), in a process of their own.

import { processIo } from "./cli-io.js";
import { runCommand } from "./cli-main.js";

// Exits at once with the command's code, as before: nothing of a finished command may keep the process up.
process.exit(await runCommand(process.argv.slice(2), processIo()));
