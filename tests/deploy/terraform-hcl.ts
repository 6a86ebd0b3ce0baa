// Parsed view of terraform/ for the deploy tests: providers cannot be downloaded
// here, so `terraform validate` is impossible; the tests parse the HCL with
// hcl2json and assert what production depends on.
import { expect } from "vitest";
import { parse } from "@cdktf/hcl2json";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { mapKeys, type TfVars } from "./terraform-expr";
export type Obj = { [key: string]: unknown };

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
export const tfDir = path.join(repoRoot, "terraform");

// Env vars the app validates at startup that are secrets: one Secret Manager secret
// each (secrets.tf), GEMINI_API_KEY only with gemini_backend = "gemini-api".
export const SECRET_ENV = [
  "DATABASE_URL",
  "AUTH_SECRET",
  "GEMINI_API_KEY",
  "STRIPE_SECRET_KEY",
  "STRIPE_WEBHOOK_SECRET",
  "SMTP_URL",
  "GOOGLE_CLIENT_SECRET",
];
// Set by Terraform from typed variables (local.managed_env).
export const MANAGED_ENV = [
  "GEMINI_BACKEND",
  "GOOGLE_CLOUD_LOCATION",
  "APP_URL",
  "EMAIL_FROM",
  "GOOGLE_CLIENT_ID",
  "ADMIN_EMAILS",
  "LOG_LEVEL",
  "NODE_ENV",
  "GOOGLE_CLOUD_PROJECT",
  "DATABASE_POOL_SIZE",
  "CHAT_OUTBOX_DIR",
  "ATTACHMENTS_DIR",
  "STRIPE_PRODUCT_PRO",
  "STRIPE_PRODUCT_TEAM",
  "STRIPE_PRICE_PRO_MONTHLY",
  "STRIPE_PRICE_PRO_YEARLY",
  "STRIPE_PRICE_TEAM_MONTHLY",
  "STRIPE_PRICE_TEAM_YEARLY",
];
// Never set in production: stand-ins, the embedded database and benchmark routes.
export const LOCAL_ONLY_ENV = [
  "ALLOW_STAND_INS",
  "BENCH_ROUTES",
  "DATABASE_EMBEDDED",
  "GEMINI_BASE_URL",
  "STRIPE_API_URL",
];

// ---- small accessors over hcl2json output (blocks are arrays of objects) ----

export function isObj(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function asObj(value: unknown, what: string): Obj {
  if (!isObj(value)) throw new Error(`${what} is not an object`);
  return value;
}

/** All instances of a nested block (hcl2json always emits a list). */
export function blocks(parent: Obj, key: string): Obj[] {
  const value = parent[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`${key} is not a block list`);
  return value.map((item, i) => asObj(item, `${key}[${i}]`));
}

/** Exactly one nested block. */
export function block(parent: Obj, key: string): Obj {
  const list = blocks(parent, key);
  if (list.length !== 1) throw new Error(`expected one "${key}" block, found ${list.length}`);
  return list[0];
}

/** Every string anywhere in a parsed value (expressions come out as strings). */
export function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (isObj(value)) return Object.values(value).flatMap(strings);
  return [];
}

/** "${local.name}" -> "name"; anything else -> undefined. */
export function refName(expr: unknown, prefix: string): string | undefined {
  if (typeof expr !== "string") return undefined;
  const match = new RegExp(`^\\$\\{${prefix.replace(".", "\\.")}\\.([a-z0-9_]+)\\}$`).exec(expr);
  return match?.[1];
}

// ---- the parsed configuration ----

export const files: Record<string, Obj> = {};

export function declared(kind: "resource" | "data", type: string): Map<string, { file: string; body: Obj }> {
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

export function resource(type: string, name: string): Obj {
  const found = declared("resource", type).get(name);
  if (!found) throw new Error(`resource ${type}.${name} is not declared`);
  return found.body;
}

export function locals(): Obj {
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

/** Env var names var.app_settings accepts (the list in its validation). */
export function appSettingNames(): string[] {
  const variable = variables().get("app_settings");
  if (!variable) throw new Error("var.app_settings is not declared");
  const condition = String(block(variable, "validation").condition);
  return [...condition.matchAll(/"([A-Z][A-Z0-9_]+)"/g)].map((m) => m[1]);
}

/** Keys of the map a "${local.X}" reference holds, with `vars` over the variables' defaults. */
export function localMapKeys(expr: unknown, vars: TfVars = {}): string[] {
  if (!refName(expr, "local")) throw new Error(`expected a local map reference, got ${String(expr)}`);
  return mapKeys(expr, { locals: locals(), variables: variables(), appSettingNames }, vars);
}

export function variables(): Map<string, Obj> {
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
export function secretResourceKeys(expr: unknown, vars: TfVars = {}): string[] {
  const name = refName(expr, "google_secret_manager_secret");
  if (!name) throw new Error(`expected a google_secret_manager_secret reference, got ${String(expr)}`);
  const secret = declared("resource", "google_secret_manager_secret").get(name);
  if (!secret) throw new Error(`google_secret_manager_secret.${name} is not declared`);
  expect(secret.file, "secrets live in secrets.tf").toBe("secrets.tf");
  return localMapKeys(secret.body.for_each, vars);
}

export interface ContainerEnv {
  plain: string[];
  secret: string[];
}

/** Env var names a container gets, from static and dynamic env blocks. */
export function containerEnv(container: Obj, vars: TfVars = {}): ContainerEnv {
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
    expect(secretResourceKeys(`\${google_secret_manager_secret.${match[1]}}`, vars)).toContain(match[2]);
    expect(match[2], `env ${name} reads another env var's secret`).toBe(name);
    env.secret.push(name);
  }

  const dynamic = isObj(container.dynamic) ? container.dynamic : {};
  for (const item of blocks(dynamic, "env")) {
    const content = block(item, "content");
    expect(content.name, "dynamic env is named by its key").toBe("${env.key}");
    if ("value" in content) {
      env.plain.push(...localMapKeys(item.for_each, vars));
    } else {
      const ref = block(block(content, "value_source"), "secret_key_ref");
      expect(ref.secret).toBe("${env.value.secret_id}");
      env.secret.push(...secretResourceKeys(item.for_each, vars));
    }
  }
  return env;
}

export function cloudSqlVolume(template: Obj, container: Obj): void {
  const volume = blocks(template, "volumes").find((v) => blocks(v, "cloud_sql_instance").length === 1);
  expect(volume, "a Cloud SQL volume").toBeDefined();
  const instances = block(volume as Obj, "cloud_sql_instance").instances;
  expect(instances).toEqual(["${google_sql_database_instance.main.connection_name}"]);
  const mount = blocks(container, "volume_mounts").find((m) => m.name === (volume as Obj).name);
  expect(mount?.mount_path, "socket mounted where DATABASE_URL points").toBe("/cloudsql");
}

/** Parses every terraform/*.tf file; call once from beforeAll. */
export async function loadTerraform(): Promise<void> {
  if (Object.keys(files).length > 0) return; // parsed once per worker
  for (const file of readdirSync(tfDir).filter((f) => f.endsWith(".tf"))) {
    files[file] = asObj(await parse(file, readFileSync(path.join(tfDir, file), "utf8")), file);
  }
}
