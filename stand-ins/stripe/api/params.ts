// Typed reads of decoded request parameters, failing with Stripe's messages
// and the full bracketed parameter name (`items[0][price]`) in `param`.
import { invalidRequest, missingParam } from "../core/errors";
import type { FormObject, FormValue } from "./form-encoding";

export class Params {
  constructor(
    readonly raw: FormObject,
    private readonly prefix = "",
  ) {}

  name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    return Object.hasOwn(this.raw, key);
  }

  /** `field=` (empty string) is how Stripe clients unset a field. */
  isEmpty(key: string): boolean {
    return this.raw[key] === "";
  }

  string(key: string): string | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== "string") throw invalidRequest(`Invalid string: ${describe(value)}`, this.name(key));
    return value;
  }

  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined || value === "") throw missingParam(this.name(key));
    return value;
  }

  /** A string that may be unset with `field=`; returns null when unset. */
  nullableString(key: string): string | null | undefined {
    const value = this.string(key);
    return value === "" ? null : value;
  }

  int(key: string): number | undefined {
    const value = this.string(key);
    if (value === undefined || value === "") return undefined;
    if (!/^-?\d+$/.test(value))
      throw invalidRequest(`Invalid integer: ${value}`, this.name(key), "parameter_invalid_integer");
    return Number(value);
  }

  bool(key: string): boolean | undefined {
    const value = this.string(key);
    if (value === undefined || value === "") return undefined;
    if (value !== "true" && value !== "false") throw invalidRequest(`Invalid boolean: ${value}`, this.name(key));
    return value === "true";
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.string(key);
    if (value === undefined || value === "") return undefined;
    if (!allowed.includes(value as T)) {
      throw invalidRequest(`Invalid ${this.name(key)}: must be one of ${allowed.join(", ")}`, this.name(key));
    }
    return value as T;
  }

  object(key: string): Params | undefined {
    const value = this.raw[key];
    if (value === undefined || value === "") return undefined;
    if (typeof value === "string" || Array.isArray(value)) throw invalidRequest(`Invalid object`, this.name(key));
    return new Params(value, this.name(key));
  }

  /** An array of hashes, e.g. `line_items[0][price]`. */
  objects(key: string): Params[] {
    const value = this.raw[key];
    if (value === undefined || value === "") return [];
    if (!Array.isArray(value)) throw invalidRequest(`Invalid array`, this.name(key));
    return value.map((entry, index) => {
      if (typeof entry === "string" || Array.isArray(entry))
        throw invalidRequest(`Invalid object`, `${this.name(key)}[${index}]`);
      return new Params(entry, `${this.name(key)}[${index}]`);
    });
  }

  strings(key: string): string[] {
    const value = this.raw[key];
    if (value === undefined || value === "") return [];
    if (typeof value === "string") return [value];
    if (!Array.isArray(value) || value.some((entry) => typeof entry !== "string")) {
      throw invalidRequest(`Invalid array`, this.name(key));
    }
    return value as string[];
  }

  /**
   * Applies a metadata update the Stripe way: `metadata[k]=v` sets, `metadata[k]=`
   * deletes one key, `metadata=` clears everything.
   */
  metadata(key: string, current: Record<string, string> = {}): Record<string, string> | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (value === "") return {};
    if (typeof value === "string" || Array.isArray(value)) throw invalidRequest("Invalid object", this.name(key));
    const next = { ...current };
    for (const [k, v] of Object.entries(value)) {
      if (typeof v !== "string") throw invalidRequest("Metadata values must be strings", `${this.name(key)}[${k}]`);
      if (v === "") delete next[k];
      else next[k] = v;
    }
    return next;
  }

  expand(): string[] {
    return this.strings("expand");
  }
}

function describe(value: FormValue): string {
  return Array.isArray(value) ? "array" : "object";
}
