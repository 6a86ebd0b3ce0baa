// The keys of a Terraform map expression, for the few shapes terraform/ uses to
// build env and secret maps: local.X, var.app_settings, {}, merge(...) and
// `var.X == "value" ? A : B`. Variables take their default from variables.tf
// unless the caller gives a value, so a test can evaluate one configuration
// (e.g. gemini_backend = "vertex") without a terraform binary. Any other shape
// throws rather than guessing.
import type { Obj } from "./terraform-hcl";

export type TfVars = Record<string, string>;

export interface TfScope {
  locals: Obj;
  variables: Map<string, Obj>;
  appSettingNames: () => string[];
}

/** Splits at `sep` outside brackets and strings; drops a trailing empty part. */
function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === "\\") i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if ("({[".includes(c)) depth++;
    else if (")}]".includes(c)) depth--;
    else if (depth === 0 && text.startsWith(sep, i)) {
      parts.push(text.slice(start, i).trim());
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts.at(-1) === "" ? parts.slice(0, -1) : parts;
}

function variableValue(name: string, scope: TfScope, vars: TfVars): string {
  if (name in vars) return vars[name];
  const declared = scope.variables.get(name);
  if (!declared) throw new Error(`var.${name} is not declared`);
  if (typeof declared.default !== "string") throw new Error(`var.${name} has no string default; pass a value`);
  return declared.default;
}

function condition(text: string, scope: TfScope, vars: TfVars): boolean {
  const match = /^var\.([a-z0-9_]+) (==|!=) "([^"]*)"$/.exec(text);
  if (!match) throw new Error(`unsupported condition: ${text}`);
  const equal = variableValue(match[1], scope, vars) === match[3];
  return match[2] === "==" ? equal : !equal;
}

export function mapKeys(expr: unknown, scope: TfScope, vars: TfVars = {}): string[] {
  if (typeof expr !== "string") throw new Error(`expected an expression, got ${JSON.stringify(expr)}`);
  const wrapped = /^\$\{([\s\S]*)\}$/.exec(expr.trim());
  const text = (wrapped ? wrapped[1] : expr).trim();

  const question = splitTopLevel(text, " ? ");
  if (question.length === 2) {
    const branches = splitTopLevel(question[1], " : ");
    if (branches.length !== 2) throw new Error(`unsupported conditional: ${text}`);
    return mapKeys(condition(question[0], scope, vars) ? branches[0] : branches[1], scope, vars);
  }
  if (text === "{}") return [];
  if (text === "var.app_settings") return scope.appSettingNames();
  const merge = /^merge\(([\s\S]*)\)$/.exec(text);
  if (merge) return [...new Set(splitTopLevel(merge[1], ",").flatMap((arg) => mapKeys(arg, scope, vars)))];
  const local = /^local\.([a-z0-9_]+)$/.exec(text);
  if (local) {
    const value = scope.locals[local[1]];
    if (value === undefined) throw new Error(`local.${local[1]} is not declared`);
    if (typeof value === "string") return mapKeys(value, scope, vars);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new Error(`local.${local[1]} is not a map`);
    }
    return Object.keys(value);
  }
  throw new Error(`unsupported map expression: ${text}`);
}
