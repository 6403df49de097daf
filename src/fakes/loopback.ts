// Start and stop of the fake servers (Slack, GitHub): loopback only, a free port, no lingering connections.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** Listens on a free loopback port (the fakes never listen beyond 127.0.0.1); resolves to its origin. */
export async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes the server, cutting kept-alive connections rather than waiting for them. */
export async function closeServer(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
