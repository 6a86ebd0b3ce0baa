// The wrapper's access rules: which credentials a route takes, and what each
// refusal says, decided before any handler runs.
import { describe, expect, it } from "vitest";
import type { Identity } from "@/lib/auth/identity";
import { checkAccess, type Credentials } from "@/lib/http/access";
import { AppError } from "@/lib/http/app-error";

const who = (via: Identity["via"], extra: Partial<Identity> = {}): Identity => ({
  userId: "u",
  role: "user",
  tier: via === "guest" ? "guest" : "free",
  isGuest: via === "guest",
  via,
  ...(via === "api_key" ? { scopes: ["read"] } : {}),
  ...extra,
});

function refusal(
  credentials: Credentials | undefined,
  identity: Identity,
  access: "identified" | "user" = "identified",
) {
  try {
    checkAccess({ access, surface: "api", credentials }, identity);
    return null;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { code: err.code, message: err.message };
  }
}

describe("checkAccess() credentials", () => {
  it("takes a browser's session and guest cookie by default, and no API key", () => {
    expect(refusal(undefined, who("session"))).toBeNull();
    expect(refusal(undefined, who("guest"))).toBeNull();
    expect(refusal(undefined, who("api_key"))).toEqual({
      code: "forbidden:api",
      message: "API keys cannot be used here; use a signed-in browser.",
    });
  });

  it("takes a key only with the scope the route names", () => {
    expect(refusal({ apiKey: "read" }, who("api_key"))).toBeNull();
    expect(refusal({ apiKey: "chat" }, who("api_key"))?.message).toBe('This API key lacks the "chat" scope.');
  });

  it("refuses the browser credentials a keys-only route turns off, pointing to the key", () => {
    const keysOnly: Credentials = { apiKey: "read", session: false, guest: false };
    expect(refusal(keysOnly, who("api_key"))).toBeNull();
    expect(refusal(keysOnly, who("session"))).toEqual({
      code: "unauthorized:api",
      message: "Send your API key as Authorization: Bearer <key>.",
    });
    expect(refusal(keysOnly, who("guest"))?.code).toBe("unauthorized:api");
    expect(refusal({ guest: false }, who("guest"))?.message).toBe("Sign in to continue.");
    expect(refusal({ guest: false }, who("session"))).toBeNull();
  });

  it("checks the access level first: a guest on a signed-in route is asked to make an account", () => {
    expect(refusal({ apiKey: "chat", session: false, guest: false }, who("guest"), "user")?.message).toBe(
      "Create a free account to use this.",
    );
  });
});
