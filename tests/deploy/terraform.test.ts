// Structure checks for terraform/: providers cannot be downloaded here, so
// `terraform validate` is impossible; these tests parse the HCL instead and
// assert what production depends on.
import { describe, it, expect, beforeAll } from "vitest";
import { parse } from "@cdktf/hcl2json";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

type Obj = { [key: string]: unknown };

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const tfDir = path.join(repoRoot, "terraform");

// Env vars the app validates at startup, split the way the brief requires.
const SECRET_ENV = [
  "DATABASE_URL",
  "AUTH_SECRET",
  "GEMINI_API_KEY",
  "STRIPE_SECRET_KEY",
  "STRIPE_WEBHOOK_SECRET",
  "SMTP_URL",
  "GOOGLE_CLIENT_SECRET",
];
const PLAIN_ENV = [
  "APP_URL",
  "EMAIL_FROM",
  "GOOGLE_CLIENT_ID",
  "ADMIN_EMAILS",
  "LOG_LEVEL",
  "NODE_ENV",
  "GOOGLE_CLOUD_PROJECT",
  "DATABASE_POOL_SIZE",
];

// ---- small accessors over hcl2json output (blocks are arrays of objects) ----

function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function asObj(value: unknown, what: string): Obj {
  if (!isObj(value)) throw new Error(`${what} is not an object`);
  return value;
}

/** All instances of a nested block (hcl2json always emits a list). */
function blocks(parent: Obj, key: string): Obj[] {
  const value = parent[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`${key} is not a block list`);
  return value.map((item, i) => asObj(item, `${key}[${i}]`));
}

/** Exactly one nested block. */
function block(parent: Obj, key: string): Obj {
  const list = blocks(parent, key);
  if (list.length !== 1) throw new Error(`expected one "${key}" block, found ${list.length}`);
  return list[0];
}

/** Every string anywhere in a parsed value (expressions come out as strings). */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (isObj(value)) return Object.values(value).flatMap(strings);
  return [];
}

/** "${local.name}" -> "name"; anything else -> undefined. */
function refName(expr: unknown, prefix: string): string | undefined {
  if (typeof expr !== "string") return undefined;
  const match = new RegExp(`^\\$\\{${prefix.replace(".", "\\.")}\\.([a-z0-9_]+)\\}$`).exec(expr);
  return match?.[1];
}

// ---- the parsed configuration ----

const files: Record<string, Obj> = {};

function declared(kind: "resource" | "data", type: string): Map<string, { file: string; body: Obj }> {
  const found = new Map<string, { file: string; body: Obj }>();
  for (const [file, doc] of Object.entries(files)) {
    const byType = isObj(doc[kind]) ? asObj(doc[kind], kind)[type] : undefined;
    if (!isObj(byType)) continue;
    for (const [name, bodies] of Object.entries(byType)) {
      if (!Array.isArray(bodies) || bodies.length !== 1) throw new Error(`${type}.${name} declared oddly`);
      if (found.has(name)) throw new Error(`${type}.${name} declared twice`);
      found.set(name, { file, body: asObj(bodies[0], `${type}.${name}`) });
    }
  }
  return found;
}

function resource(type: string, name: string): Obj {
  const found = declared("resource", type).get(name);
  if (!found) throw new Error(`resource ${type}.${name} is not declared`);
  return found.body;
}

function locals(): Obj {
  const merged: Obj = {};
  for (const doc of Object.values(files)) {
    for (const group of blocks(doc, "locals")) {
      for (const [key, value] of Object.entries(group)) {
        if (key in merged) throw new Error(`local.${key} declared twice`);
        merged[key] = value;
      }
    }
  }
  return merged;
}

function localMapKeys(expr: unknown): string[] {
  const name = refName(expr, "local");
  if (!name) throw new Error(`expected a local map reference, got ${String(expr)}`);
  return Object.keys(asObj(locals()[name], `local.${name}`));
}

function variables(): Map<string, Obj> {
  const found = new Map<string, Obj>();
  for (const doc of Object.values(files)) {
    const vars = doc.variable;
    if (!isObj(vars)) continue;
    for (const [name, bodies] of Object.entries(vars)) {
      if (!Array.isArray(bodies)) continue;
      found.set(name, asObj(bodies[0], `var.${name}`));
    }
  }
  return found;
}

/** Resolves "${google_secret_manager_secret.X}" to the env names it is keyed by. */
function secretResourceKeys(expr: unknown): string[] {
  const name = refName(expr, "google_secret_manager_secret");
  if (!name) throw new Error(`expected a google_secret_manager_secret reference, got ${String(expr)}`);
  const secret = declared("resource", "google_secret_manager_secret").get(name);
  if (!secret) throw new Error(`google_secret_manager_secret.${name} is not declared`);
  expect(secret.file, "secrets live in secrets.tf").toBe("secrets.tf");
  return localMapKeys(secret.body.for_each);
}

interface ContainerEnv {
  plain: string[];
  secret: string[];
}

/** Env var names a container gets, from static and dynamic env blocks. */
function containerEnv(container: Obj): ContainerEnv {
  const env: ContainerEnv = { plain: [], secret: [] };

  for (const item of blocks(container, "env")) {
    const name = String(item.name);
    if ("value" in item) {
      env.plain.push(name);
      continue;
    }
    const ref = block(block(item, "value_source"), "secret_key_ref");
    const match = /^\$\{google_secret_manager_secret\.([a-z0-9_]+)\["([A-Z0-9_]+)"\]\.secret_id\}$/.exec(
      String(ref.secret),
    );
    if (!match) throw new Error(`env ${name}: secret must reference a declared secret, got ${String(ref.secret)}`);
    expect(secretResourceKeys(`\${google_secret_manager_secret.${match[1]}}`)).toContain(match[2]);
    expect(match[2], `env ${name} reads another env var's secret`).toBe(name);
    env.secret.push(name);
  }

  const dynamic = isObj(container.dynamic) ? container.dynamic : {};
  for (const item of blocks(dynamic, "env")) {
    const content = block(item, "content");
    expect(content.name, "dynamic env is named by its key").toBe("${env.key}");
    if ("value" in content) {
      env.plain.push(...localMapKeys(item.for_each));
    } else {
      const ref = block(block(content, "value_source"), "secret_key_ref");
      expect(ref.secret).toBe("${env.value.secret_id}");
      env.secret.push(...secretResourceKeys(item.for_each));
    }
  }
  return env;
}

function cloudSqlVolume(template: Obj, container: Obj): void {
  const volume = blocks(template, "volumes").find((v) => blocks(v, "cloud_sql_instance").length === 1);
  expect(volume, "a Cloud SQL volume").toBeDefined();
  const instances = block(volume as Obj, "cloud_sql_instance").instances;
  expect(instances).toEqual(["${google_sql_database_instance.main.connection_name}"]);
  const mount = blocks(container, "volume_mounts").find((m) => m.name === (volume as Obj).name);
  expect(mount?.mount_path, "socket mounted where DATABASE_URL points").toBe("/cloudsql");
}

beforeAll(async () => {
  for (const file of readdirSync(tfDir).filter((f) => f.endsWith(".tf"))) {
    files[file] = asObj(await parse(file, readFileSync(path.join(tfDir, file), "utf8")), file);
  }
});

describe("terraform layout", () => {
  it("is split into the expected small files", () => {
    for (const file of [
      "versions.tf",
      "variables.tf",
      "apis.tf",
      "artifact-registry.tf",
      "service-accounts.tf",
      "secrets.tf",
      "cloud-sql.tf",
      "cloud-run.tf",
      "migrate-job.tf",
      "outputs.tf",
    ]) {
      expect(Object.keys(files), file).toContain(file);
    }
    expect(existsSync(path.join(tfDir, "terraform.tfvars.example"))).toBe(true);
    expect(existsSync(path.join(tfDir, "README.md"))).toBe(true);
  });

  it("uses no modules", () => {
    for (const [file, doc] of Object.entries(files)) expect(doc.module, file).toBeUndefined();
  });

  it("pins the google provider to 6.x", () => {
    const providers = block(block(files["versions.tf"], "terraform"), "required_providers");
    const google = asObj(providers.google, "google provider");
    expect(google.source).toBe("hashicorp/google");
    expect(google.version).toMatch(/^~>\s*6\.\d+/);
  });

  it("enables the APIs the stack uses", () => {
    const apis = locals().apis;
    for (const api of ["run", "sqladmin", "secretmanager", "artifactregistry", "iam"]) {
      expect(apis).toContain(`${api}.googleapis.com`);
    }
    expect(resource("google_project_service", "apis").for_each).toBe("${toset(local.apis)}");
  });
});

describe("Cloud SQL", () => {
  it("is PostgreSQL 17 on edition ENTERPRISE (small tiers)", () => {
    const instance = resource("google_sql_database_instance", "main");
    expect(instance.database_version).toBe("POSTGRES_17");
    const settings = block(instance, "settings");
    expect(settings.edition).toBe("ENTERPRISE");
    expect(settings.tier).toBe("${var.db_tier}");
  });

  it("keeps backups with point-in-time recovery", () => {
    const backup = block(block(resource("google_sql_database_instance", "main"), "settings"), "backup_configuration");
    expect(backup.enabled).toBe(true);
    expect(backup.point_in_time_recovery_enabled).toBe(true);
  });

  it("accepts no direct network clients: only the connector", () => {
    const ip = block(block(resource("google_sql_database_instance", "main"), "settings"), "ip_configuration");
    expect(blocks(ip, "authorized_networks")).toEqual([]);
    expect(ip.ssl_mode).toBe("TRUSTED_CLIENT_CERTIFICATE_REQUIRED");
  });

  it("has the app database and a user with a generated password", () => {
    expect(resource("google_sql_database", "app").instance).toBe("${google_sql_database_instance.main.name}");
    expect(resource("google_sql_user", "app").password).toBe("${random_password.db.result}");
    expect(resource("random_password", "db").special).toBe(false); // embedded in a URL unencoded
  });
});

describe("secrets", () => {
  it("declares one Secret Manager secret per secret env var, in secrets.tf", () => {
    expect(secretResourceKeys("${google_secret_manager_secret.app}").sort()).toEqual([...SECRET_ENV].sort());
  });

  it("writes only DATABASE_URL, built from the generated password and the socket path", () => {
    const versions = declared("resource", "google_secret_manager_secret_version");
    expect([...versions.keys()]).toEqual(["database_url"]);
    const version = versions.get("database_url")!.body;
    expect(version.secret).toBe('${google_secret_manager_secret.app["DATABASE_URL"].id}');
    const data = String(version.secret_data);
    expect(data).toContain("random_password.db.result");
    expect(data).toContain("host=/cloudsql/");
    expect(data).toContain("google_sql_database_instance.main.connection_name");
  });

  it("contains no secret values or secret-carrying variables", () => {
    const raw = readdirSync(tfDir)
      .filter((f) => f.endsWith(".tf") || f.endsWith(".example"))
      .map((f) => readFileSync(path.join(tfDir, f), "utf8"))
      .join("\n");
    expect(raw).not.toMatch(/sk_(live|test)_[A-Za-z0-9]{6,}/); // Stripe key
    expect(raw).not.toMatch(/whsec_[A-Za-z0-9]{6,}/); // Stripe webhook secret
    expect(raw).not.toMatch(/AIza[0-9A-Za-z_-]{20,}/); // Google API key
    expect(raw).not.toMatch(/postgres(ql)?:\/\/[^:\s/]+:[^@\s$%]+@/); // literal DB password
    for (const name of variables().keys()) {
      expect(name, "secret values must not pass through variables").not.toMatch(/secret|password|api_key|token/i);
    }
  });
});

describe("service accounts and IAM", () => {
  it("gives the runtime account Cloud SQL client and log/metric writers, nothing broad", () => {
    const roles = locals().runtime_roles;
    expect(roles).toEqual(
      expect.arrayContaining(["roles/cloudsql.client", "roles/logging.logWriter", "roles/monitoring.metricWriter"]),
    );
    const binding = resource("google_project_iam_member", "runtime");
    expect(binding.for_each).toBe("${toset(local.runtime_roles)}");
    expect(binding.member).toBe("${google_service_account.runtime.member}");
    const allRoles = strings(locals().runtime_roles).concat(strings(locals().migrator_roles));
    expect(allRoles).not.toContain("roles/secretmanager.secretAccessor"); // per secret only
    for (const role of allRoles) expect(role).not.toMatch(/roles\/(owner|editor|.*admin)/i);
  });

  it("grants secret access per secret: all to the runtime, DATABASE_URL only to the migrator", () => {
    const runtime = resource("google_secret_manager_secret_iam_member", "runtime");
    expect(runtime.for_each).toBe("${google_secret_manager_secret.app}");
    expect(runtime.role).toBe("roles/secretmanager.secretAccessor");
    expect(runtime.member).toBe("${google_service_account.runtime.member}");

    const migratorGrants = [...declared("resource", "google_secret_manager_secret_iam_member").values()]
      .map((r) => r.body)
      .filter((r) => r.member === "${google_service_account.migrator.member}");
    expect(migratorGrants.map((r) => r.secret_id)).toEqual(['${google_secret_manager_secret.app["DATABASE_URL"].id}']);
    expect(locals().migrator_roles).toContain("roles/cloudsql.client");
  });
});

describe("Cloud Run service", () => {
  const service = () => resource("google_cloud_run_v2_service", "app");
  const template = () => block(service(), "template");
  const container = () => block(template(), "containers");

  it("runs the image variable as the runtime service account", () => {
    expect(container().image).toBe("${var.image}");
    expect(template().service_account).toBe("${google_service_account.runtime.email}");
    expect(block(container(), "ports").container_port).toBe(8080);
  });

  it("scales from zero with variable max instances, concurrency and limits", () => {
    const scaling = block(template(), "scaling");
    expect(scaling.min_instance_count).toBe(0);
    expect(scaling.max_instance_count).toBe("${var.max_instances}");
    expect(template().max_instance_request_concurrency).toBe("${var.max_request_concurrency}");
    expect(block(container(), "resources").limits).toEqual({ cpu: "${var.cpu}", memory: "${var.memory}" });
  });

  it("mounts the Cloud SQL socket at /cloudsql", () => {
    cloudSqlVolume(template(), container());
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
    expect([...env.plain].sort()).toEqual([...PLAIN_ENV].sort());
    expect(asObj(locals().plain_env, "plain_env").NODE_ENV).toBe("production");
  });

  it("sets only variables the app's env schema knows, and never enables stand-ins", () => {
    const schema = readFileSync(path.join(repoRoot, "lib", "config", "env.ts"), "utf8");
    const known = new Set([...schema.matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]));
    const env = containerEnv(container());
    const set = [...env.plain, ...env.secret];
    expect(
      set.filter((name) => !known.has(name)),
      "unknown to lib/config/env.ts",
    ).toEqual([]);
    expect(set).not.toContain("ALLOW_STAND_INS");
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
    expect(container().image).toBe("${var.migrator_image}");
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
