// A TCP proxy between the app and PostgreSQL that injects the faults a real
// database shows: every connection dropped and new ones refused (a crash or a
// restart: down/up), everything frozen (a paused server: freeze/thaw), or a drop
// at the moment a given statement is sent (cutOn). Bytes pass through unchanged,
// so the app speaks real PostgreSQL to a real server.
import net from "node:net";
import { buildDatabaseUrl, parseDatabaseUrl } from "@/lib/db/pg-config";

export interface PgProxy {
  /** The database URL through the proxy. */
  url: string;
  /** Drops every connection; new ones are refused until up(). */
  down(): void;
  up(): void;
  /** Stops passing bytes (connections stay open, new ones wait) until thaw(). */
  freeze(): void;
  thaw(): void;
  /** Goes down when a client sends a statement containing `text`; resolves then. */
  cutOn(text: string): Promise<void>;
  close(): Promise<void>;
}

export async function startPgProxy(targetUrl: string): Promise<PgProxy> {
  const target = parseDatabaseUrl(targetUrl);
  const pairs = new Set<{ client: net.Socket; server: net.Socket }>();
  let isDown = false;
  let frozen = false;
  const waiting: Array<() => void> = [];
  let trigger: { text: string; fired: () => void } | null = null;

  const dropAll = () => {
    for (const p of pairs) {
      p.client.destroy();
      p.server.destroy();
    }
    pairs.clear();
  };

  const connect = (client: net.Socket) => {
    if (isDown) return void client.destroy();
    const server = net.connect(target.port, target.host);
    const pair = { client, server };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      server.destroy();
    };
    client.on("error", end).on("close", end);
    server.on("error", end).on("close", end);
    client.on("data", (chunk: Buffer) => {
      if (trigger && chunk.includes(trigger.text)) {
        const fired = trigger.fired;
        trigger = null;
        isDown = true;
        dropAll();
        fired();
        return;
      }
      if (!server.write(chunk)) client.pause();
    });
    server.on("drain", () => client.resume());
    server.on("data", (chunk: Buffer) => {
      if (!client.write(chunk)) server.pause();
    });
    client.on("drain", () => server.resume());
  };

  const listener = net.createServer((client) => {
    if (frozen) waiting.push(() => connect(client));
    else connect(client);
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const port = (listener.address() as net.AddressInfo).port;

  return {
    url: buildDatabaseUrl({ ...target, host: "127.0.0.1", port }),
    down() {
      isDown = true;
      dropAll();
    },
    up() {
      isDown = false;
    },
    freeze() {
      frozen = true;
      for (const p of pairs) {
        p.client.pause();
        p.server.pause();
      }
    },
    thaw() {
      frozen = false;
      for (const p of pairs) {
        p.client.resume();
        p.server.resume();
      }
      for (const go of waiting.splice(0)) go();
    },
    cutOn(text: string) {
      return new Promise<void>((fired) => (trigger = { text, fired }));
    },
    async close() {
      dropAll();
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    },
  };
}
