// Decoder for Stripe's request encoding: application/x-www-form-urlencoded
// with bracketed keys, `a[b][0][c]=v`. The SDK sends arrays with explicit
// indexes (`items[0][price]`); curl users often write `expand[]=x`.
import { invalidRequest } from "../core/errors";

export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

/** Keys whose children are a map, never an array, even when they look numeric. */
const MAP_KEYS = new Set(["metadata"]);

export function parseForm(text: string): FormObject {
  const root: FormObject = {};
  if (!text) return root;
  for (const pair of text.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? "" : pair.slice(eq + 1);
    assign(root, splitKey(decode(rawKey)), decode(rawValue));
  }
  return arraysFromIndexes(root, "") as FormObject;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, " "));
  } catch {
    throw invalidRequest(`Invalid URL encoding in request: '${part}'`);
  }
}

/** `a[b][]` → ["a", "b", ""] */
function splitKey(key: string): string[] {
  const open = key.indexOf("[");
  if (open <= 0) return [key];
  const segments = [key.slice(0, open)];
  const pattern = /\[([^\]]*)\]/g;
  let match: RegExpExecArray | null;
  let consumed = open;
  while ((match = pattern.exec(key)) && match.index === consumed) {
    segments.push(match[1]);
    consumed = pattern.lastIndex;
  }
  if (consumed !== key.length) throw invalidRequest(`Invalid parameter name: '${key}'`);
  return segments;
}

function assign(root: FormObject, segments: string[], value: string): void {
  let node: FormObject = root;
  const path: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    let segment = segments[i];
    if (segment === "__proto__" || segment === "constructor" || segment === "prototype") {
      throw invalidRequest(`Invalid parameter name: '${segments.join("][")}'`);
    }
    // `x[]` appends: give it the next free index.
    if (segment === "") segment = String(Object.keys(node).length);
    path.push(segment);
    const last = i === segments.length - 1;
    const existing = Object.hasOwn(node, segment) ? node[segment] : undefined;
    if (last) {
      if (existing !== undefined && typeof existing !== "string") throw conflict(path);
      node[segment] = value;
      return;
    }
    if (existing === undefined || existing === "") {
      // `metadata=` followed by `metadata[a]=b` is legal in Stripe's encoding.
      const child: FormObject = {};
      node[segment] = child;
      node = child;
    } else if (typeof existing === "string") {
      throw conflict(path);
    } else {
      node = existing as FormObject;
    }
  }
}

function conflict(path: string[]): Error {
  const [head, ...rest] = path;
  const name = head + rest.map((part) => `[${part}]`).join("");
  return invalidRequest(`Invalid request: '${name}' was given both a value and nested values`, name);
}

/** Objects whose keys are all 0..n-1 become arrays (except under metadata). */
function arraysFromIndexes(value: FormValue, key: string): FormValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  for (const child of keys) value[child] = arraysFromIndexes(value[child], child);
  if (MAP_KEYS.has(key) || keys.length === 0) return value;
  const indexes = keys.map((k) => (/^(0|[1-9]\d*)$/.test(k) ? Number(k) : NaN));
  if (indexes.some(Number.isNaN)) return value;
  return indexes.sort((a, b) => a - b).map((index) => value[String(index)]);
}
