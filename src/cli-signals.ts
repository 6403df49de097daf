// Ctrl-C and SIGTERM for a command that must not be cut off mid-post: the first asks it to stop (posts in
// flight finish and are recorded, claims not yet posted are given back), a second one exits at once.
import { type CliIo, complain } from "./cli-io.js";

const SIGNAL_NUMBERS: Readonly<Record<"SIGINT" | "SIGTERM", number>> = { SIGINT: 2, SIGTERM: 15 };

export interface SignalStop {
  /** Aborted on the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** 128 + the signal's number once one arrived (130 for Ctrl-C, 143 for SIGTERM), as shells report it. */
  exitCode(): number | undefined;
  dispose(): void;
}

export function stopOnSignals(io: CliIo): SignalStop {
  const controller = new AbortController();
  let received: keyof typeof SIGNAL_NUMBERS | undefined;
  const onSignal = (name: keyof typeof SIGNAL_NUMBERS) => {
    if (received !== undefined) {
      complain(
        io,
        `${name} again: exiting now. Claims still held are checked against the channels' history by a later tick once their lease runs out.`,
      );
      process.exit(128 + SIGNAL_NUMBERS[name]);
    }
    received = name;
    complain(
      io,
      `${name}: stopping — finishing the posts in flight and recording them (press Ctrl-C again to exit at once).`,
    );
    controller.abort();
  };
  const onInt = () => onSignal("SIGINT");
  const onTerm = () => onSignal("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  return {
    signal: controller.signal,
    exitCode: () => (received === undefined ? undefined : 128 + SIGNAL_NUMBERS[received]),
    dispose: () => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
    },
  };
}
