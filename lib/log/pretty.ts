// Development log line: "12:00:01 INFO  message key=value".
export function prettyLine(json: string): string {
  try {
    const { time, severity, message, ...rest } = JSON.parse(json) as Record<string, unknown>;
    const clock = typeof time === "string" ? time.slice(11, 19) : "";
    const extras = Object.entries(rest)
      .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
      .join(" ");
    return `${clock} ${String(severity ?? "").padEnd(7)} ${String(message ?? "")}${extras ? "  " + extras : ""}\n`;
  } catch {
    return json;
  }
}
