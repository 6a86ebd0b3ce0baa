// Malformed input of every kind gets a 4xx, never a 5xx: a bounded corpus sent
// over raw HTTP (so that bytes no client library would send get through) to
// every route the app has, found on disk (app/**/route.ts and page.tsx), as a
// stranger, a guest, a signed-in user and an admin. The count of 5xx must be 0.
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { PRODUCTION_LIKE_ENV } from "../helpers/standalone";
import { securityServer } from "./security-server";

const server = securityServer();
const { stamp, adminEmail } = server;

/** Every route's path, with each dynamic segment given as `:seg` (filled per case). */
function routes(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === "route.ts" || e.name === "page.tsx") {
        const rel = path.relative("app", dir).split(path.sep).filter(Boolean);
        found.push(
          "/" +
            rel
              .filter((s) => !/^\(.*\)$/.test(s))
              .map((s) => (s.startsWith("[") ? ":seg" : s))
              .join("/"),
        );
      }
    }
  };
  walk("app");
  return [...new Set(found)];
}

// next-auth's actions behind /api/auth/[...nextauth], each a place it reads input.
const AUTH_ACTIONS = [
  "signin",
  "signin/email",
  "signin/google",
  "callback/email",
  "callback/google",
  "session",
  "csrf",
  "providers",
  "signout",
  "error",
  "verify-request",
  "_log",
];

// Path segments: overlong UTF-8 (as escapes and as raw bytes), NUL, lone-surrogate escapes, junk.
const SEGMENTS: Buffer[] = [
  "%C0%AF",
  "%E0%80%AF",
  "%F0%80%80%AF",
  "%C0%80",
  "%ED%A0%80",
  "%FF%FE",
  "%00",
  "a%00b",
  "%",
  "%zz",
  "x".repeat(2000),
].map((s) => Buffer.from(s));
SEGMENTS.push(Buffer.from([0xc0, 0xaf]), Buffer.from([0xe0, 0x80, 0xaf]), Buffer.from([0xff]));

const QUERIES = [
  "?callbackUrl=%00",
  "?callbackUrl=http://[::1",
  "?callbackUrl=%C0%AF",
  "?callbackUrl=javascript:alert(1)",
  "?callbackUrl=/%5Cevil.example",
  "?token=%00&email=%00",
  "?token=a&email=b%C0",
  "?error=%00",
  "?id=%ED%A0%80&q=%00",
  "?" + "a=b&".repeat(500),
];

const JSON_BODIES = [
  '{"message":"\\ud800"}',
  '{"message":"a\\u0000b","conversationId":"\\u0000"}',
  '{"name":"\\udfff"}',
  '{"email":5,"csrfToken":["a"],"callbackUrl":{"x":1},"json":true}',
  '{"email":"a@b.co","callbackUrl":"http://[::1","csrfToken":"x","json":"true"}',
  '{"message":{"a":1},"model":7,"stream":"yes"}',
  '{"tierOverride":"\\u0000","dailyTokenOverride":1e400}',
  '{"priceId":null,"plan":["pro"]}',
  '{"confirmEmail":"\\ud800"}',
  "[1,2,3]",
  "null",
  '"\\ud800"',
  "{",
  "\u0000",
  "[".repeat(5000),
];

const FORM_BODIES = [
  "email=%00&csrfToken=%00&callbackUrl=%00",
  "email=a%40b.co&csrfToken=x&callbackUrl=http%3A%2F%2F%5B%3A%3A1",
  "email[]=a&email[]=b&json=true",
  "email=%ED%A0%80&csrfToken=%C0%AF",
];

interface Case {
  method: string;
  target: Buffer;
  headers?: Record<string, string>;
  body?: string;
}

/** The whole corpus for a stranger; a caller with a credential gets what reaches past identity (bodies, ids). */
function corpus(full: boolean): Case[] {
  const cases: Case[] = [];
  const paths = routes().flatMap((r) => (r === "/api/auth/:seg" ? [] : [r]));
  const authPaths = AUTH_ACTIONS.map((a) => `/api/auth/${a}`);
  for (const r of [...paths, ...authPaths]) {
    if (!full && !r.startsWith("/api/")) continue;
    const filled = (seg: Buffer) =>
      Buffer.concat(r.split(":seg").flatMap((part, i) => (i ? [seg, Buffer.from(part)] : [Buffer.from(part)])));
    const plain = filled(Buffer.from("c" + "0".repeat(24)));
    for (const seg of r.includes(":seg") ? SEGMENTS : [Buffer.from("")]) {
      const t = r.includes(":seg") ? filled(seg) : Buffer.concat([plain, Buffer.from("/"), seg]);
      cases.push({ method: "GET", target: t }, { method: "POST", target: t, body: "{}" });
    }
    if (!full) {
      for (const body of JSON_BODIES.slice(0, 9))
        cases.push({ method: "POST", target: plain, body, headers: { "content-type": "application/json" } });
      continue;
    }
    for (const q of QUERIES) cases.push({ method: "GET", target: Buffer.concat([plain, Buffer.from(q)]) });
    for (const method of ["TRACE", "TRACK", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"])
      cases.push({ method, target: plain, body: method === "HEAD" ? undefined : "{}" });
    for (const body of JSON_BODIES)
      for (const method of ["POST", "PATCH"])
        cases.push({ method, target: plain, body, headers: { "content-type": "application/json" } });
    for (const body of FORM_BODIES)
      cases.push({
        method: "POST",
        target: plain,
        body,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
    cases.push({ method: "POST", target: plain, body: "x".repeat(100), headers: { "content-type": "text/plain" } });
  }
  return cases;
}

// Cookies no browser of ours would hold: NUL, overlong UTF-8 and junk in the session and guest cookies.
const BAD_COOKIES = [
  "next-auth.session-token=%00",
  "next-auth.session-token=a%00b; gc_guest=%00",
  "next-auth.session-token=%C0%AF; next-auth.callback-url=http%3A%2F%2F%5B%3A%3A1",
  "gc_guest=x.%ED%A0%80; next-auth.csrf-token=%00%7C%00",
  "next-auth.callback-url=%00; next-auth.csrf-token=" + "a".repeat(3000),
];

/** Sends one request as raw bytes and returns the status code (0 if the server closed without answering). */
function send(c: Case, cookie: string | undefined): Promise<number> {
  return new Promise((resolve) => {
    const port = Number(new URL(server.url).port);
    const socket = net.connect(port, "127.0.0.1");
    const head = [
      `${c.method} `,
      c.target,
      ` HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\nConnection: close\r\n`,
      ...Object.entries(c.headers ?? {}).map(([k, v]) => `${k}: ${v}\r\n`),
      cookie ? `Cookie: ${cookie}\r\n` : "",
      c.body !== undefined ? `Content-Length: ${Buffer.byteLength(c.body)}\r\n` : "",
      "\r\n",
    ];
    let answer = "";
    socket.setTimeout(20_000, () => socket.destroy());
    socket.on("data", (d) => {
      answer += d.toString("latin1");
      const m = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      if (m) {
        resolve(Number(m[1]));
        socket.destroy();
      }
    });
    socket.on("close", () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0)));
    socket.on("error", () => undefined);
    socket.write(Buffer.concat(head.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : p))));
    if (c.body !== undefined) socket.write(Buffer.from(c.body, "utf8"));
  });
}

test("no malformed request gets a 5xx", async () => {
  test.setTimeout(600_000);
  const userId = `fuzz-user-${stamp}`;
  const adminId = `fuzz-admin-${stamp}`;
  await server.db.query(
    `INSERT INTO users (id, email, role, tier, is_guest, updated_at) VALUES
      ($1, $2, 'user', 'free', false, now()), ($3, $4, 'admin', 'free', false, now())`,
    [userId, `fuzz-user-${stamp}@example.test`, adminId, adminEmail],
  );
  const guestId = `fuzz-guest-${stamp}`;
  await server.db.query("INSERT INTO users (id, is_guest, tier, updated_at) VALUES ($1, true, 'guest', now())", [
    guestId,
  ]);
  const mac = crypto.createHmac("sha256", PRODUCTION_LIKE_ENV.AUTH_SECRET).update(guestId).digest("base64url");
  const callers: (string | undefined)[] = [
    undefined,
    `gc_guest=${guestId}.${mac}`,
    await server.sessionFor(userId),
    await server.sessionFor(adminId),
  ];

  const jobs: { c: Case; cookie?: string; label: string }[] = [];
  callers.forEach((cookie, i) => {
    for (const c of corpus(i === 0)) jobs.push({ c, cookie, label: cookie?.split("=")[0] ?? "anonymous" });
  });
  for (const cookie of BAD_COOKIES)
    for (const target of [
      "/",
      "/chat",
      "/account",
      "/api/conversations",
      "/api/auth/session",
      "/api/usage",
      "/sign-in",
    ])
      jobs.push({ c: { method: "GET", target: Buffer.from(target) }, cookie, label: `cookie ${cookie.slice(0, 50)}` });
  const failures: string[] = [];
  let sent = 0;
  let next = 0;
  // Four at a time: the corpus is bounded, and this keeps the run near a minute.
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < jobs.length) {
        const { c, cookie, label } = jobs[next++]!;
        const status = await send(c, cookie);
        sent++;
        if (status >= 500 || status === 0)
          failures.push(
            `${status} ${c.method} ${c.target.toString("latin1").slice(0, 120)} ${c.body?.slice(0, 60) ?? ""} [${label}]`,
          );
      }
    }),
  );
  console.log(`fuzz: ${sent} requests, ${failures.length} answered 5xx`);
  expect(sent).toBeGreaterThan(2_000);
  expect(failures, failures.slice(0, 60).join("\n")).toEqual([]);
});
