// Every resource, data source, block and argument in terraform/ exists in the
// pinned google provider's schema (offline: tests/deploy/provider-schema.ts).
// `terraform validate` needs the provider binary, which cannot be downloaded here.
import { describe, it, expect, beforeAll } from "vitest";
import { parse } from "@cdktf/hcl2json";
import { readFileSync } from "node:fs";
import path from "node:path";
import { type Obj, asObj, block, blocks, files, isObj, loadTerraform, tfDir } from "./terraform-hcl";
import { providerSchema, providerVersion, unknownArguments } from "./provider-schema";

beforeAll(loadTerraform, 60_000);

/** Problems in one parsed file: unknown types, arguments and blocks. */
function check(doc: Obj): string[] {
  const problems: string[] = [];
  for (const kind of ["resource", "data"] as const) {
    const byType = isObj(doc[kind]) ? doc[kind] : {};
    for (const [type, named] of Object.entries(byType)) {
      if (!type.startsWith("google_")) continue; // random_* is another provider
      let schema;
      try {
        schema = providerSchema(kind, type);
      } catch (err) {
        problems.push((err as Error).message);
        continue;
      }
      for (const [name, bodies] of Object.entries(asObj(named, type))) {
        for (const body of bodies as Obj[]) problems.push(...unknownArguments(body, schema, `${type}.${name}`));
      }
    }
  }
  for (const provider of blocks(isObj(doc.provider) ? doc.provider : {}, "google")) {
    problems.push(...unknownArguments(provider, providerSchema("provider", "google"), "provider.google", false));
  }
  // check blocks may scope a data source of their own.
  for (const checkBlock of Object.values(isObj(doc.check) ? doc.check : {})) {
    for (const body of checkBlock as Obj[]) {
      if (isObj(body.data)) problems.push(...check({ data: body.data }));
    }
  }
  return problems;
}

async function parseWith(file: string, edit: (text: string) => string): Promise<Obj> {
  const text = readFileSync(path.join(tfDir, file), "utf8");
  const changed = edit(text);
  expect(changed, "the control edit applies").not.toBe(text);
  return asObj(await parse(file, changed), file);
}

describe("terraform against the google provider schema", () => {
  it("pins the provider version whose schema this checks, and locks it", () => {
    const required = asObj(block(block(files["versions.tf"], "terraform"), "required_providers").google, "google");
    const [major, minor] = providerVersion().split(".");
    expect(required.version).toBe(`~> ${major}.${minor}`);
    const lock = readFileSync(path.join(tfDir, ".terraform.lock.hcl"), "utf8");
    expect(lock).toContain(
      `provider "registry.terraform.io/hashicorp/google" {\n  version     = "${providerVersion()}"`,
    );
    expect(lock).toMatch(/hashicorp\/random" \{\n  version     = "3\.\d+\.\d+"/);
  });

  it("uses only resources, blocks and arguments the provider has", () => {
    const problems = Object.entries(files).flatMap(([file, doc]) => check(doc).map((p) => `${file}: ${p}`));
    expect(problems).toEqual([]);
  });

  it("reads nested blocks deeply enough to matter (control: the schema has what we rely on)", () => {
    const instance = providerSchema("resource", "google_sql_database_instance");
    const backup = instance.blocks.get("settings")?.blocks.get("backup_configuration");
    expect(backup?.attributes).toContain("point_in_time_recovery_enabled");
    const containers = providerSchema("resource", "google_cloud_run_v2_service").blocks.get("template")?.blocks;
    expect(containers?.get("containers")?.blocks.get("env")?.blocks.has("value_source")).toBe(true);
  });

  it("catches a misspelled argument (control)", async () => {
    const doc = await parseWith("cloud-sql.tf", (t) => t.replace("disk_autoresize ", "disk_autoresise "));
    expect(check(doc)).toEqual(["google_sql_database_instance.main.settings[0].disk_autoresise: no such argument"]);
  });

  it("catches a misspelled argument in a dynamic block and a misspelled block (control)", async () => {
    const dyn = await parseWith("cloud-run.tf", (t) => t.replace("secret_key_ref {", "secret_key_reff {"));
    expect(check(dyn)).toEqual([
      "google_cloud_run_v2_service.app.template[0].containers[0].env.value_source[0].secret_key_reff: no such argument",
    ]);
    const nested = await parseWith("cloud-sql.tf", (t) => t.replace("ip_configuration {", "ip_config {"));
    expect(check(nested)).toEqual(["google_sql_database_instance.main.settings[0].ip_config: no such argument"]);
  });

  it("catches an unknown resource type (control)", async () => {
    const doc = await parseWith("secrets.tf", (t) =>
      t.replace('"google_secret_manager_secret" "app"', '"google_secret_manager_secrets" "app"'),
    );
    expect(check(doc).join("\n")).toMatch(/google_secret_manager_secrets: the provider has no such resource/);
  });
});
