// Recent requests, so tests can assert retries and model fallback from the
// server's side instead of trusting the client's own account.
import type { RecordedRequest } from "./types";

/** Enough for any test or a benchmark's sample; older entries are dropped. */
const CAPACITY = 2_000;

export class RequestLog {
  private entries: RecordedRequest[] = [];
  private seq = 0;

  record(method: RecordedRequest["method"], model: string | null, path: string): RecordedRequest {
    const entry: RecordedRequest = {
      seq: ++this.seq,
      time: new Date().toISOString(),
      method,
      model,
      path,
      status: null,
      outcome: null,
    };
    this.entries.push(entry);
    if (this.entries.length > CAPACITY) this.entries.splice(0, this.entries.length - CAPACITY);
    return entry;
  }

  list(): RecordedRequest[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.entries = [];
  }
}
