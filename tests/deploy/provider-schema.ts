// The hashicorp/google provider's schema, read offline from the npm package
// @cdktf/provider-google: its JavaScript is generated from the provider's own
// schema, one folder per resource, and lists every argument and nested block
// (synthesizeHclAttributes / *ToHclTerraform, each entry with isBlock).
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { type Obj, blocks, isObj } from "./terraform-hcl";

export interface Schema {
  attributes: Set<string>;
  blocks: Map<string, Schema>;
}

const require = createRequire(import.meta.url);
const packageDir = path.dirname(require.resolve("@cdktf/provider-google/package.json"));

/** The provider version the bindings were generated from. */
export function providerVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")) as {
    cdktf?: { provider?: { version?: string } };
  };
  const version = pkg.cdktf?.provider?.version;
  if (!version) throw new Error("@cdktf/provider-google does not say which provider version it was built from");
  return version;
}

// One entry of an attrs object literal in the generated code.
const ENTRY =
  /^\s+([a-z0-9_]+): \{\s+value: (.*),\s+isBlock: (true|false),\s+type: "[a-z]+",\s+storageClassType: "[A-Za-z0-9]+",\s+\},?$/gm;

function attrsLiteral(source: string, start: number, where: string): string {
  const open = source.indexOf("attrs = {", start);
  const close = source.indexOf("\n    };", open);
  const closeNested = source.indexOf("\n        };", open);
  if (open < 0) throw new Error(`no attrs in ${where}`);
  // Structs' attrs close at 4 spaces, a class method's at 8.
  const end = [close, closeNested].filter((i) => i > open).sort((a, b) => a - b)[0];
  return source.slice(open, end);
}

function parseAttrs(source: string, literal: string, where: string): Schema {
  const schema: Schema = { attributes: new Set(), blocks: new Map() };
  for (const m of literal.matchAll(ENTRY)) {
    const [, name, value, isBlock] = m;
    if (isBlock === "false") {
      schema.attributes.add(name);
      continue;
    }
    const fn = /([A-Za-z0-9]+ToHclTerraform)\b/.exec(value)?.[1];
    if (!fn) throw new Error(`${where}.${name}: block without a struct function`);
    const at = source.indexOf(`function ${fn}(struct) {`);
    if (at < 0) throw new Error(`${where}.${name}: ${fn} not found`);
    schema.blocks.set(name, parseAttrs(source, attrsLiteral(source, at, fn), `${where}.${name}`));
  }
  if (schema.attributes.size + schema.blocks.size === 0) throw new Error(`${where}: no arguments read`);
  return schema;
}

const cache = new Map<string, Schema>();

/** Schema of a resource ("resource", "google_sql_user"), data source or the provider block. */
export function providerSchema(kind: "resource" | "data" | "provider", type: string): Schema {
  const key = `${kind}:${type}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const folder =
    kind === "provider"
      ? "provider"
      : `${kind === "data" ? "data-google-" : ""}${type.replace(/^google_/, "").replaceAll("_", "-")}`;
  const file = path.join(packageDir, "lib", folder, "index.js");
  if (!existsSync(file)) throw new Error(`${kind} ${type}: the provider has no such ${kind} (no ${folder})`);
  const source = readFileSync(file, "utf8");
  if (kind !== "provider" && !source.includes(`terraformResourceType: '${type}'`)) {
    throw new Error(`${kind} ${type}: ${folder} describes another type`);
  }
  const method = source.indexOf("synthesizeHclAttributes() {");
  const schema = parseAttrs(source, attrsLiteral(source, method, type), type);
  cache.set(key, schema);
  return schema;
}

// Terraform's own arguments, valid in every resource and data block.
const META = new Set(["count", "for_each", "depends_on", "provider", "lifecycle"]);

/** Every argument or block in `body` the schema does not have, as paths. */
export function unknownArguments(body: Obj, schema: Schema, where: string, meta = true): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (meta && META.has(key)) continue;
    if (key === "dynamic" && isObj(value)) {
      for (const [name, list] of Object.entries(value)) {
        const nested = schema.blocks.get(name);
        if (!nested) {
          problems.push(`${where}.dynamic.${name}: no such block`);
          continue;
        }
        for (const item of (list as Obj[]) ?? []) {
          for (const content of blocks(item, "content")) {
            problems.push(...unknownArguments(content, nested, `${where}.${name}`, false));
          }
        }
      }
      continue;
    }
    const nested = schema.blocks.get(key);
    if (nested) {
      if (!Array.isArray(value)) {
        problems.push(`${where}.${key}: is a block, written as an argument`);
        continue;
      }
      value.forEach((item, i) => {
        if (isObj(item)) problems.push(...unknownArguments(item, nested, `${where}.${key}[${i}]`, false));
      });
      continue;
    }
    if (!schema.attributes.has(key)) problems.push(`${where}.${key}: no such argument`);
  }
  return problems;
}
