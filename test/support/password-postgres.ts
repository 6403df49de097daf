// A Postgres front door that asks for a password and refuses it, as a server with password authentication
// does for a wrong one: StartupMessage, then AuthenticationCleartextPassword, then the client's
// PasswordMessage answered with ErrorResponse 28P01 (protocol 3.0, "Start-up"). The shared test server trusts
// every local connection, so it cannot refuse a password itself.
import { createServer, type Server, type Socket } from "node:net";

export class PasswordRefusingPostgres {
  private server: Server | undefined;
  port = 0;
  /** The passwords clients sent, to show the stand-in was really asked. */
  readonly passwordsTried: string[] = [];

  async start(): Promise<this> {
    this.server = createServer((socket) => this.greet(socket));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const address = this.server.address();
    this.port = typeof address === "object" && address ? address.port : 0;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private greet(socket: Socket): void {
    let buffered = Buffer.alloc(0);
    let started = false;
    socket.on("error", () => socket.destroy());
    socket.on("data", (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!started) {
        // StartupMessage: Int32 length (itself included), then the protocol version and parameters.
        if (buffered.length < 4 || buffered.length < buffered.readInt32BE(0)) return;
        buffered = buffered.subarray(buffered.readInt32BE(0));
        started = true;
        socket.write(message("R", int32(3))); // AuthenticationCleartextPassword
      }
      // PasswordMessage: 'p', Int32 length, the password as a C string.
      if (buffered.length < 5 || buffered.length < 1 + buffered.readInt32BE(1)) return;
      this.passwordsTried.push(buffered.subarray(5, buffered.indexOf(0, 5)).toString());
      const user = "bot";
      const fields = [
        ["S", "FATAL"],
        ["V", "FATAL"],
        ["C", "28P01"],
        ["M", `password authentication failed for user "${user}"`],
      ].map(([code, text]) => Buffer.concat([Buffer.from(code ?? ""), Buffer.from(`${text}\0`)]));
      socket.end(message("E", Buffer.concat([...fields, Buffer.from([0])])));
    });
  }
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

function message(type: string, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(type), int32(body.length + 4), body]);
}
