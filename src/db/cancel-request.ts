// Postgres's CancelRequest (protocol "Canceling Requests in Progress"): on a connection of its own, which needs
// no authentication and no pool slot, the server is asked to stop what one backend is running. The server
// closes that connection once it has passed the request on.
import { connect } from "node:net";
import type pg from "pg";

const CANCEL_REQUEST_CODE = 80877102;

/** What pg keeps of a connection's backend from its BackendKeyData message (fields pg has but does not type). */
interface BackendKey {
  readonly processID: number | null;
  readonly secretKey: number | null;
}

/** Asks the server to cancel `client`'s running statement; true once the server took the request in time. */
export function cancelRunningQuery(client: pg.Client, timeoutMs: number): Promise<boolean> {
  const { processID, secretKey } = client as unknown as BackendKey;
  if (processID === null || secretKey === null) return Promise.resolve(false);
  const message = Buffer.alloc(16);
  message.writeInt32BE(16, 0);
  message.writeInt32BE(CANCEL_REQUEST_CODE, 4);
  message.writeInt32BE(processID, 8);
  message.writeInt32BE(secretKey, 12);
  const socket = client.host.startsWith("/")
    ? connect(`${client.host}/.s.PGSQL.${client.port}`)
    : connect(client.port, client.host);
  return new Promise((resolve) => {
    const timer = setTimeout(() => socket.destroy(new Error("cancel request timed out")), timeoutMs);
    socket.on("connect", () => socket.end(message));
    socket.on("error", () => {});
    socket.on("close", (failed) => {
      clearTimeout(timer);
      resolve(!failed);
    });
  });
}
