// The one Gemini client, for either backend (GEMINI_BACKEND): the Gemini API
// with an API key, or Vertex AI in a project and location with application
// default credentials (on Cloud Run, the service account). Every call site uses
// the same SDK methods, so the backend is a configuration choice only. With
// GEMINI_BASE_URL set (the launcher points it at the offline emulator when no
// key or project is configured) the SDK talks to that host in the same URL shape.
import { GoogleGenAI } from "@google/genai";
import { OAuth2Client } from "google-auth-library";
import { env, type Env } from "@/lib/config/env";

let client: GoogleGenAI | undefined;
let clientKey: string | undefined;

/** The emulator takes any bearer token; one that never expires means no token endpoint is called. */
function emulatorCredentials(): OAuth2Client {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: "local-emulator", expiry_date: Date.UTC(2100, 0, 1) });
  return auth;
}

function create(e: Env): GoogleGenAI {
  const baseUrl = e.GEMINI_BASE_URL ? { baseUrl: e.GEMINI_BASE_URL } : {};
  if (e.GEMINI_BACKEND === "vertex") {
    return new GoogleGenAI({
      vertexai: true,
      project: e.GOOGLE_CLOUD_PROJECT,
      location: e.GOOGLE_CLOUD_LOCATION,
      // v1 is Vertex's GA surface: /v1/projects/{p}/locations/{l}/publishers/google/models/{m}:…
      httpOptions: { apiVersion: "v1", ...baseUrl },
      ...(usingEmulator() ? { googleAuthOptions: { authClient: emulatorCredentials() } } : {}),
    });
  }
  return new GoogleGenAI({ apiKey: e.GEMINI_API_KEY ?? "local-emulator", httpOptions: baseUrl });
}

export function geminiClient(): GoogleGenAI {
  const e = env();
  const key = [e.GEMINI_BACKEND, e.GEMINI_API_KEY, e.GEMINI_BASE_URL, e.GOOGLE_CLOUD_PROJECT, e.GOOGLE_CLOUD_LOCATION]
    .map((v) => v ?? "")
    .join("|");
  if (!client || clientKey !== key) {
    client = create(e);
    clientKey = key;
  }
  return client;
}

/** True when answers come from the offline emulator (the UI labels them). */
export function usingEmulator(): boolean {
  const e = env();
  return e.GEMINI_BACKEND === "vertex" ? e.GEMINI_BASE_URL !== undefined : !e.GEMINI_API_KEY;
}

/** The backend's name for messages and the readiness report. */
export function backendName(): string {
  return env().GEMINI_BACKEND === "vertex" ? "Vertex AI" : "Gemini API";
}
