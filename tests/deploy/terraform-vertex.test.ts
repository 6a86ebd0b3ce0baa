// The Gemini backend choice (terraform/vertex.tf), checked on the parsed HCL for
// both values of var.gemini_backend: the Gemini API needs its key secret,
// Vertex AI authenticates as the runtime account and must not get one.
import { describe, it, expect, beforeAll } from "vitest";
import {
  Obj,
  SECRET_ENV,
  asObj,
  block,
  blocks,
  containerEnv,
  loadTerraform,
  resource,
  secretResourceKeys,
  variables,
} from "./terraform-hcl";

beforeAll(loadTerraform, 60_000);

const GEMINI_API = { gemini_backend: "gemini-api" };
const VERTEX = { gemini_backend: "vertex" };
const WITHOUT_KEY = SECRET_ENV.filter((name) => name !== "GEMINI_API_KEY").sort();

const serviceContainer = () => block(block(resource("google_cloud_run_v2_service", "app"), "template"), "containers");
const housekeepingContainer = () =>
  block(block(block(resource("google_cloud_run_v2_job", "housekeeping"), "template"), "template"), "containers");

/** Secret env names of a container's dynamic env blocks (the ones reading Secret Manager). */
function dynamicSecretEnv(container: Obj, vars: Record<string, string>): string[] {
  const dynamic = asObj(container.dynamic, "dynamic");
  const secretBlocks = blocks(dynamic, "env").filter((item) => "value_source" in block(item, "content"));
  expect(secretBlocks).toHaveLength(1);
  return secretResourceKeys(secretBlocks[0].for_each, vars).sort();
}

describe("gemini_backend", () => {
  it("defaults to the Gemini API and accepts only gemini-api or vertex", () => {
    const variable = variables().get("gemini_backend");
    expect(variable?.default).toBe("gemini-api");
    expect(String(block(variable!, "validation").condition)).toBe(
      '${contains(["gemini-api", "vertex"], var.gemini_backend)}',
    );
  });

  it("creates the GEMINI_API_KEY secret only for the Gemini API", () => {
    expect(secretResourceKeys("${google_secret_manager_secret.app}", GEMINI_API).sort()).toEqual(
      [...SECRET_ENV].sort(),
    );
    expect(secretResourceKeys("${google_secret_manager_secret.app}", VERTEX).sort()).toEqual(WITHOUT_KEY);
  });

  it("grants the runtime account exactly the secrets that exist", () => {
    // One grant per secret resource instance: with no key secret, no key grant.
    expect(resource("google_secret_manager_secret_iam_member", "runtime").for_each).toBe(
      "${google_secret_manager_secret.app}",
    );
  });

  it("mounts GEMINI_API_KEY in the service only for the Gemini API", () => {
    expect(containerEnv(serviceContainer(), GEMINI_API).secret).toContain("GEMINI_API_KEY");
    const vertex = containerEnv(serviceContainer(), VERTEX);
    expect([...vertex.secret].sort()).toEqual(WITHOUT_KEY);
    expect(vertex.plain).not.toContain("GEMINI_API_KEY");
    expect(vertex.plain).toEqual(expect.arrayContaining(["GEMINI_BACKEND", "GOOGLE_CLOUD_PROJECT"]));
  });

  it("mounts GEMINI_API_KEY in the housekeeping jobs only for the Gemini API", () => {
    expect(dynamicSecretEnv(housekeepingContainer(), GEMINI_API)).toEqual([...SECRET_ENV].sort());
    expect(dynamicSecretEnv(housekeepingContainer(), VERTEX)).toEqual(WITHOUT_KEY);
  });

  it("enables Vertex AI and grants roles/aiplatform.user only for vertex", () => {
    const onlyForVertex = '${var.gemini_backend == "vertex" ? 1 : 0}';
    expect(resource("google_project_service", "aiplatform").count).toBe(onlyForVertex);
    expect(resource("google_project_service", "aiplatform").service).toBe("aiplatform.googleapis.com");
    const binding = resource("google_project_iam_member", "runtime_vertex");
    expect(binding.count).toBe(onlyForVertex);
    expect(binding.role).toBe("roles/aiplatform.user");
    expect(binding.member).toBe("serviceAccount:${google_service_account.runtime.email}");
  });

  it("starts the service only once Vertex AI is enabled and granted (its readiness asks for the models)", () => {
    expect(resource("google_cloud_run_v2_service", "app").depends_on).toEqual(
      expect.arrayContaining(["${google_project_service.aiplatform}", "${google_project_iam_member.runtime_vertex}"]),
    );
  });
});
