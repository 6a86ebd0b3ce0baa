// One webhook POST. Uses node:http(s) with keep-alive agents because the
// benchmark pushes hundreds of deliveries a second at the same endpoint.
import http from "node:http";
import https from "node:https";

export interface PostResult {
  status: number | null;
  error: string | null;
  body: string;
}

export class JsonPoster {
  private httpAgent: http.Agent;
  private httpsAgent: https.Agent;

  constructor(
    maxSockets: number,
    private readonly timeoutMs: number,
  ) {
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets });
  }

  resize(maxSockets: number): void {
    this.close();
    this.httpAgent = new http.Agent({ keepAlive: true, maxSockets });
    this.httpsAgent = new https.Agent({ keepAlive: true, maxSockets });
  }

  post(url: string, payload: string, headers: Record<string, string>): Promise<PostResult> {
    return new Promise((resolve) => {
      let target: URL;
      try {
        target = new URL(url);
      } catch {
        resolve({ status: null, error: `invalid webhook URL: ${url}`, body: "" });
        return;
      }
      const secure = target.protocol === "https:";
      const send = secure ? https.request : http.request;
      const request = send(
        target,
        {
          method: "POST",
          agent: secure ? this.httpsAgent : this.httpAgent,
          headers: {
            ...headers,
            "content-type": "application/json; charset=utf-8",
            "content-length": Buffer.byteLength(payload),
          },
          timeout: this.timeoutMs,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () =>
            resolve({ status: response.statusCode ?? null, error: null, body: Buffer.concat(chunks).toString("utf8") }),
          );
          response.on("error", (error) =>
            resolve({ status: response.statusCode ?? null, error: error.message, body: "" }),
          );
        },
      );
      request.on("timeout", () => request.destroy(new Error(`timed out after ${this.timeoutMs} ms`)));
      request.on("error", (error) => resolve({ status: null, error: error.message, body: "" }));
      request.end(payload);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
