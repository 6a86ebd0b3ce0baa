// Structure of terraform/ (Cloud Run service, migrate job, wiring, fmt), checked on the parsed HCL.
import { describe, it, expect, beforeAll } from "vitest";
import { parse } from "@cdktf/hcl2json";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  Obj,
  LOCAL_ONLY_ENV,
  MANAGED_ENV,
  appSettingNames,
  SECRET_ENV,
  asObj,
  block,
  blocks,
  cloudSqlVolume,
  containerEnv,
  declared,
  files,
  loadTerraform,
  locals,
  repoRoot,
  resource,
  strings,
  tfDir,
  variables,
} from "./terraform-hcl";
import { ENV_KEYS } from "@/lib/config/env";

beforeAll(loadTerraform, 60_000);

describe("Cloud Run service", () => {
  const service = () => resource("google_cloud_run_v2_service", "app");
  const template = () => block(service(), "template");
  const container = () => block(template(), "containers");

  it("runs the image variable as the runtime service account", () => {
    expect(container().image).toBe("${data.google_artifact_registry_docker_image.app.self_link}");
    expect(template().service_account).toBe("${google_service_account.runtime.email}");
    expect(block(container(), "ports").container_port).toBe(8080);
  });

  it("scales from zero with variable max instances, concurrency and limits", () => {
    const scaling = block(template(), "scaling");
    expect(scaling.min_instance_count).toBe("${var.min_instances}");
    expect(scaling.max_instance_count).toBe("${var.max_instances}");
    expect(template().max_instance_request_concurrency).toBe("${var.max_request_concurrency}");
    expect(block(container(), "resources").limits).toEqual({ cpu: "${var.cpu}", memory: "${var.memory}" });
  });

  it("mounts the Cloud SQL socket at /cloudsql", () => {
    cloudSqlVolume(template(), container());
  });

  it("mounts one private outbox bucket where CHAT_OUTBOX_DIR points, writable by the runtime identity only", () => {
    expect(template().execution_environment, "a bucket mount needs gen2").toBe("EXECUTION_ENVIRONMENT_GEN2");
    const volume = blocks(template(), "volumes").find((v) => blocks(v, "gcs").length === 1);
    expect(volume, "a Cloud Storage volume").toBeDefined();
    const gcs = block(volume as Obj, "gcs");
    expect(gcs.bucket).toBe("${google_storage_bucket.outbox.name}");
    expect(gcs.read_only).toBe(false);
    const mount = blocks(container(), "volume_mounts").find((m) => m.name === (volume as Obj).name);
    expect(mount?.mount_path).toBe("${local.outbox_mount}");
    const mountPath = String(locals().outbox_mount);
    const dir = String(asObj(locals().managed_env, "managed_env").CHAT_OUTBOX_DIR);
    expect(dir.replace("${local.outbox_mount}", mountPath).startsWith(`${mountPath}/`)).toBe(true);

    const bucket = resource("google_storage_bucket", "outbox");
    expect(bucket).toMatchObject({ uniform_bucket_level_access: true, public_access_prevention: "enforced" });
    // Only failed entries age out (under the folder the app writes, chat/): a waiting one is usage not yet charged.
    expect(dir.endsWith("/chat")).toBe(true);
    const prefixes = blocks(bucket, "lifecycle_rule").flatMap((r) => block(r, "condition").matches_prefix);
    expect(prefixes).toEqual(["chat/failed/"]);
    const grants = [...declared("resource", "google_storage_bucket_iam_member").values()].map((g) => g.body);
    expect(grants).toEqual(
      ["attachments", "outbox"].map((b) => ({
        bucket: `\${google_storage_bucket.${b}.name}`,
        role: "roles/storage.objectUser",
        member: "${google_service_account.runtime.member}",
      })),
    );
    expect(strings(locals().runtime_roles).filter((r) => r.includes("storage"))).toEqual([]);
  });

  it("mounts one private attachments bucket where ATTACHMENTS_DIR points; only half-written uploads age out", () => {
    const volume = blocks(template(), "volumes").find(
      (v) => blocks(v, "gcs")[0]?.bucket === "${google_storage_bucket.attachments.name}",
    );
    expect(volume, "the attachments volume").toBeDefined();
    expect(block(volume as Obj, "gcs").read_only).toBe(false);
    const mount = blocks(container(), "volume_mounts").find((m) => m.name === (volume as Obj).name);
    expect(mount?.mount_path).toBe("${local.attachments_mount}");
    expect(asObj(locals().managed_env, "managed_env").ATTACHMENTS_DIR).toBe("${local.attachments_mount}");
    const bucket = resource("google_storage_bucket", "attachments");
    expect(bucket).toMatchObject({ uniform_bucket_level_access: true, public_access_prevention: "enforced" });
    const prefixes = blocks(bucket, "lifecycle_rule").flatMap((r) => block(r, "condition").matches_prefix);
    expect(prefixes).toEqual(["tmp/"]);
  });

  it("probes /api/ready at startup and /api/health for liveness", () => {
    expect(block(block(container(), "startup_probe"), "http_get").path).toBe("/api/ready");
    expect(block(block(container(), "liveness_probe"), "http_get").path).toBe("/api/health");
  });

  it("gets every secret from Secret Manager and never as a plain value", () => {
    const env = containerEnv(container());
    expect([...env.secret].sort()).toEqual([...SECRET_ENV].sort());
    for (const name of SECRET_ENV) expect(env.plain, `${name} as plain env`).not.toContain(name);
  });

  it("gets the non-secret configuration as plain env", () => {
    const env = containerEnv(container());
    expect([...env.plain].sort()).toEqual([...MANAGED_ENV, ...appSettingNames()].sort());
    expect(asObj(locals().managed_env, "managed_env").NODE_ENV).toBe("production");
  });

  it("can set every variable lib/config/env.ts reads, each in exactly one way", () => {
    const env = containerEnv(container());
    const ways = [...env.plain, ...env.secret, ...LOCAL_ONLY_ENV];
    expect(
      ways.filter((name, i) => ways.indexOf(name) !== i),
      "set in two ways",
    ).toEqual([]);
    expect([...new Set(ways)].sort(), "Terraform and lib/config/env.ts differ").toEqual([...new Set(ENV_KEYS)].sort());
  });

  it("never enables stand-ins, the embedded database or benchmark routes", () => {
    const env = containerEnv(container());
    for (const name of LOCAL_ONLY_ENV) expect([...env.plain, ...env.secret]).not.toContain(name);
    expect(appSettingNames()).not.toContain("ALLOW_STAND_INS");
  });

  it("documents every variable in .env.example", () => {
    const example = readFileSync(path.join(repoRoot, ".env.example"), "utf8");
    const documented = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    expect(ENV_KEYS.filter((name) => !documented.has(name))).toEqual([]);
  });

  it("requires the Stripe catalog ids as one typed variable with no default", () => {
    const catalog = variables().get("stripe_catalog");
    expect(catalog && "default" in catalog).toBe(false);
    const managed = asObj(locals().managed_env, "managed_env");
    expect(managed.STRIPE_PRICE_PRO_MONTHLY).toBe("${var.stripe_catalog.price_pro_monthly}");
    expect(managed.STRIPE_PRODUCT_TEAM).toBe("${var.stripe_catalog.product_team}");
  });

  it("is public: ingress all and allUsers may invoke", () => {
    expect(service().ingress).toBe("INGRESS_TRAFFIC_ALL");
    const invoker = resource("google_cloud_run_v2_service_iam_member", "public");
    expect(invoker.name).toBe("${google_cloud_run_v2_service.app.name}");
    expect(invoker.role).toBe("roles/run.invoker");
    expect(invoker.member).toBe("allUsers");
  });

  it("starts only after its secret access and DATABASE_URL exist", () => {
    expect(service().depends_on).toEqual(
      expect.arrayContaining([
        "${google_secret_manager_secret_iam_member.runtime}",
        "${google_secret_manager_secret_version.database_url}",
      ]),
    );
  });
});

describe("migrate job", () => {
  const job = () => resource("google_cloud_run_v2_job", "migrate");
  const taskTemplate = () => block(block(job(), "template"), "template");
  const container = () => block(taskTemplate(), "containers");

  it("runs the migrator image as the migrator account, once, without retries", () => {
    expect(container().image).toBe("${data.google_artifact_registry_docker_image.migrator.self_link}");
    expect(taskTemplate().service_account).toBe("${google_service_account.migrator.email}");
    expect(block(job(), "template").task_count).toBe(1);
    expect(taskTemplate().max_retries).toBe(0);
  });

  it("reaches the database through the same socket and DATABASE_URL secret", () => {
    cloudSqlVolume(taskTemplate(), container());
    expect(containerEnv(container())).toEqual({ plain: [], secret: ["DATABASE_URL"] });
  });
});

describe("variables and wiring", () => {
  it("wires deletion protection of the database, service and job to one variable", () => {
    const instance = resource("google_sql_database_instance", "main");
    expect(instance.deletion_protection).toBe("${var.deletion_protection}");
    expect(block(instance, "settings").deletion_protection_enabled).toBe("${var.deletion_protection}");
    expect(resource("google_cloud_run_v2_service", "app").deletion_protection).toBe("${var.deletion_protection}");
    expect(resource("google_cloud_run_v2_job", "migrate").deletion_protection).toBe("${var.deletion_protection}");
    const variable = variables().get("deletion_protection");
    expect(variable?.type).toBe("${bool}");
    expect(variable?.default).toBe(true);
  });

  it("declares every variable it references, and uses every variable it declares", () => {
    const used = new Set<string>();
    for (const doc of Object.values(files)) {
      for (const s of strings(doc)) for (const m of s.matchAll(/\bvar\.([a-z0-9_]+)/g)) used.add(m[1]);
    }
    const declaredNames = [...variables().keys()];
    expect([...used].filter((name) => !declaredNames.includes(name))).toEqual([]);
    expect(declaredNames.filter((name) => !used.has(name))).toEqual([]);
  });

  it("references only declared resources, data sources and locals", () => {
    const missing: string[] = [];
    const localNames = Object.keys(locals());
    for (const doc of Object.values(files)) {
      for (const s of strings(doc)) {
        for (const m of s.matchAll(/(?<![\w.])((?:google|random)_[a-z0-9_]+)\.([a-z0-9_]+)/g)) {
          if (!declared("resource", m[1]).has(m[2])) missing.push(`${m[1]}.${m[2]}`);
        }
        for (const m of s.matchAll(/\bdata\.([a-z0-9_]+)\.([a-z0-9_]+)/g)) {
          if (!declared("data", m[1]).has(m[2])) missing.push(`data.${m[1]}.${m[2]}`);
        }
        for (const m of s.matchAll(/\blocal\.([a-z0-9_]+)/g)) {
          if (!localNames.includes(m[1])) missing.push(`local.${m[1]}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it("has an example tfvars that sets every required variable and only declared ones", async () => {
    const example = asObj(
      await parse("terraform.tfvars", readFileSync(path.join(tfDir, "terraform.tfvars.example"), "utf8")),
      "tfvars",
    );
    const vars = variables();
    for (const key of Object.keys(example)) expect([...vars.keys()], key).toContain(key);
    for (const [name, body] of vars) {
      if (!("default" in body)) expect(Object.keys(example), `required ${name}`).toContain(name);
    }
  });

  it("outputs the service URL, migrate job name and SQL connection name", () => {
    const outputs: Obj = {};
    for (const [name, bodies] of Object.entries(asObj(files["outputs.tf"].output, "output"))) {
      outputs[name] = asObj((bodies as unknown[])[0], name).value;
    }
    expect(outputs.service_url).toBe("${google_cloud_run_v2_service.app.uri}");
    expect(outputs.migrate_job_name).toBe("${google_cloud_run_v2_job.migrate.name}");
    expect(outputs.sql_connection_name).toBe("${google_sql_database_instance.main.connection_name}");
  });
});

function findOnPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, binary);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

const terraformBinary = findOnPath("terraform");

describe("terraform fmt", () => {
  it.skipIf(!terraformBinary)(
    `terraform fmt -check -recursive passes${terraformBinary ? "" : " (SKIPPED: no terraform binary on PATH)"}`,
    () => {
      // Throws, failing the test, with the unformatted file names on stdout.
      const out = execFileSync(terraformBinary!, ["fmt", "-check", "-recursive", "terraform"], {
        cwd: repoRoot,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      expect(out.trim()).toBe("");
    },
  );
});
