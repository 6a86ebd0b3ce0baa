// The startup check of the configured models: models.get for each role's model
// on the configured backend (the emulator included). A retired or misspelled
// model, a bad key or missing Vertex permissions keep readiness red, with a
// message naming the variable to fix. A success is kept; a failure is asked
// again at most every RECHECK_MS, so readiness turns green once it is fixed
// (e.g. Vertex permissions granted) without a restart.
import { backendName } from "@/lib/ai/gemini-client";
import { probeModel, type ModelProbe } from "@/lib/ai/model-probe";
import { buildCatalog, CatalogError, modelVariable, type ModelSpec } from "@/lib/ai/models";
import { env } from "@/lib/config/env";
import { AppError } from "@/lib/http/app-error";
import { logger } from "@/lib/log/logger";

const RECHECK_MS = 30_000;
const TIMEOUT_MS = 10_000;

export interface ModelCheck {
  ok: boolean;
  /** One line per problem, each naming the variable to change. */
  problems: string[];
  models: Record<string, string>;
}

let last: { at: number; result: Promise<ModelCheck> } | undefined;

function credentialVariable(): string {
  return env().GEMINI_BACKEND === "vertex" ? "GOOGLE_CLOUD_PROJECT" : "GEMINI_API_KEY";
}

function problemFor(model: ModelSpec, failure: Exclude<ModelProbe, { ok: true }>): string {
  const variable = modelVariable(model.role);
  const where = backendName();
  const { status, message } = failure;
  if (status === null) return `${variable}=${model.id}: ${where} could not be reached (${message}).`;
  if (status === 404)
    return `${variable}=${model.id}: ${where} has no such model (retired or misspelled); choose a current one (see lib/ai/catalog.ts).`;
  if (status === 400 && message.includes("API_KEY_INVALID"))
    return `GEMINI_API_KEY is not a valid Gemini API key (${where} answered API_KEY_INVALID).`;
  if (status === 401 || status === 403)
    return `${credentialVariable()}: ${where} refused the credentials for ${model.id} (HTTP ${status}); on Vertex AI the service account needs roles/aiplatform.user.`;
  return `${variable}=${model.id}: ${where} answered HTTP ${status} to models.get.`;
}

async function run(): Promise<ModelCheck> {
  let catalog;
  try {
    catalog = buildCatalog(env());
  } catch (err) {
    if (err instanceof CatalogError) return { ok: false, problems: [err.message], models: {} };
    throw err;
  }
  const roles = Object.values(catalog);
  const problems = (
    await Promise.all(
      roles.map(async (model) => {
        const probe = await probeModel(model.id, TIMEOUT_MS);
        return probe.ok ? null : problemFor(model, probe);
      }),
    )
  ).filter((p): p is string => p !== null);
  const models = Object.fromEntries(roles.map((m) => [modelVariable(m.role), m.id]));
  if (problems.length) logger.error({ problems, models }, "configured Gemini models failed the startup check");
  return { ok: problems.length === 0, problems, models };
}

/** The latest check, started at boot; re-run if it failed more than RECHECK_MS ago. */
export function modelCheck(now = Date.now()): Promise<ModelCheck> {
  if (last) {
    const stale = now - last.at > RECHECK_MS;
    if (!stale) return last.result;
    const previous = last.result;
    return previous.then((r) => {
      if (r.ok) return r;
      if (last?.result === previous) last = { at: now, result: run() };
      return last!.result;
    });
  }
  last = { at: now, result: run() };
  return last.result;
}

/** Throws unavailable:model naming what to fix when a configured model is not served. */
export async function checkModels(): Promise<Record<string, string>> {
  const result = await modelCheck();
  if (!result.ok) {
    throw new AppError("unavailable:model", "A configured Gemini model is not available.", {
      details: { status: "unavailable", reason: result.problems.join(" ") },
    });
  }
  return result.models;
}

/** For tests that change the configuration between cases. */
export function resetModelCheck(): void {
  last = undefined;
}
