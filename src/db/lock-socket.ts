// A lock the kernel releases: the owner of a data directory listens on a Unix socket in it, and the kernel
// stops accepting connections on that socket the moment its process dies, however it dies. Connecting
// works across PID namespaces (containers) that share the folder, where pids mean nothing to each other.
import { randomBytes } from "node:crypto";
import { unlink } from "node:fs/promises";
import { createConnection, createServer, type Server } from "node:net";
import { join } from "node:path";

/** What a lock file may name as its socket: a file of ours in the same folder, nothing else. */
export const SOCKET_NAME = /^bot\.lock\.[0-9a-f]{12}\.sock$/;

// sun_path holds 108 bytes with its NUL, and libuv silently cuts a longer path short.
const MAX_SOCKET_PATH_BYTES = 107;
const PROBE_TIMEOUT_MS = 1_000;

export interface LivenessSocket {
  /** The socket's file name inside the folder. */
  readonly name: string;
  close(): Promise<void>;
}

/** Listens on a fresh socket in `dir`; undefined where that cannot be done (long path, a filesystem without sockets). */
export async function listenForLiveness(dir: string): Promise<LivenessSocket | undefined> {
  const name = `bot.lock.${randomBytes(6).toString("hex")}.sock`;
  const path = join(dir, name);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) return undefined;
  const server = createServer((connection) => connection.destroy());
  const listening = await new Promise<boolean>((resolve) => {
    server.once("error", () => resolve(false));
    server.listen(path, () => resolve(true));
  });
  if (!listening) return undefined;
  server.unref(); // the lock must never be what keeps the process running
  return { name, close: () => closeServer(server, path) };
}

/** "alive" when someone accepts a connection, "dead" when nobody listens any more, "unknown" otherwise. */
export function probe(dir: string, name: string): Promise<"alive" | "dead" | "unknown"> {
  const path = join(dir, name);
  if (!SOCKET_NAME.test(name) || Buffer.byteLength(path) > MAX_SOCKET_PATH_BYTES) {
    return Promise.resolve("unknown");
  }
  return new Promise((resolve) => {
    const connection = createConnection(path);
    const done = (answer: "alive" | "dead" | "unknown") => {
      connection.destroy();
      resolve(answer);
    };
    connection.setTimeout(PROBE_TIMEOUT_MS, () => done("unknown"));
    connection.once("connect", () => done("alive"));
    connection.once("error", (err: NodeJS.ErrnoException) =>
      done(err.code === "ECONNREFUSED" || err.code === "ENOENT" ? "dead" : "unknown"),
    );
  });
}

/** Removes a dead owner's socket file. */
export async function removeSocket(dir: string, name: string): Promise<void> {
  if (SOCKET_NAME.test(name)) await unlink(join(dir, name)).catch(() => {});
}

async function closeServer(server: Server, path: string): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await unlink(path).catch(() => {}); // libuv removes it on close; this covers platforms that do not
}
