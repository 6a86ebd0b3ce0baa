// The Gemini emulator in a process of its own, as Gemini is to the app: its
// timers and writes do not wait on the benchmark's own client work.
//
// Without V8's memory reducer: when the emulator's allocation rate dipped
// (between two phases of a run) the reducer ran "Mark-Compact (reduce)" cycles
// on its event loop, and every stream in flight then got its first chunk late;
// the benchmark charged that to whichever side (app or direct) it was
// measuring. (With the tokenizer's old ~370 MB of vocabulary objects those
// cycles took 110-130 ms; the compact vocabulary is typed arrays the GC does not
// scan, but the emulator still must not pause in step with our requests, as
// Gemini does not.) The flag stops only this shrinking; ordinary collection goes on.
import { spawn } from "node:child_process";
import path from "node:path";
import { freePort } from "../lib/db/embedded";

export interface EmulatorProcess {
  url: string;
  setFaults(faults: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

export async function startEmulatorProcess(faults: Record<string, unknown>): Promise<EmulatorProcess> {
  const port = await freePort();
  const main = path.join(import.meta.dirname, "../stand-ins/gemini/main.ts");
  const child = spawn(process.execPath, ["--no-memory-reducer", "--import", "tsx", main, "--port", String(port)], {
    env: { ...process.env, GEMINI_EMULATOR_FAULTS: JSON.stringify(faults) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("listening on")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`Gemini emulator exited with ${code}: ${out}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async setFaults(next) {
      const res = await fetch(`${url}/__emulator/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(next),
      });
      if (!res.ok) throw new Error(`setting emulator faults: ${res.status} ${await res.text()}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
