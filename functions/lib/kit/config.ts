/**
 * Typed configuration of a function, read in ONE place per function and once per container:
 *
 *   const config = settings({
 *     tableName: required("CASES_TABLE"),
 *     sender: optional("NOTIFICATION_SENDER"),
 *     maxUploads: integer("MAX_UPLOADS", 10),
 *   });
 *   config.tableName; // read at first use, fails loudly when unset
 *
 * Nothing is read at module load (tests set the environment before the first use); a required
 * setting that is missing throws at its first use, naming the variable.
 */

export interface Setting<T> {
  readonly variable: string;
  read(raw: string | undefined): T;
}

export class MissingSettingError extends Error {
  override readonly name = "MissingSettingError";
}

export function required(variable: string): Setting<string> {
  return {
    variable,
    read(raw) {
      if (raw === undefined || raw === "") throw new MissingSettingError(`Missing environment variable ${variable}`);
      return raw;
    },
  };
}

export function optional(variable: string): Setting<string | undefined>;
export function optional(variable: string, fallback: string): Setting<string>;
export function optional(variable: string, fallback?: string): Setting<string | undefined> {
  return { variable, read: (raw) => (raw === undefined || raw === "" ? fallback : raw) };
}

/** "true"/"1" → true, "false"/"0" → false, unset → `fallback` (false); anything else fails loudly. */
export function flag(variable: string, fallback = false): Setting<boolean> {
  return {
    variable,
    read(raw) {
      if (raw === undefined || raw === "") return fallback;
      if (raw === "false" || raw === "0") return false;
      if (raw === "true" || raw === "1") return true;
      throw new MissingSettingError(`${variable} must be true or false, not "${raw}"`);
    },
  };
}

export function integer(variable: string, fallback: number): Setting<number> {
  return {
    variable,
    read(raw) {
      if (raw === undefined || raw === "") return fallback;
      const value = Number(raw);
      if (!Number.isInteger(value)) throw new MissingSettingError(`${variable} must be a whole number, not "${raw}"`);
      return value;
    },
  };
}

export function oneOf<const T extends string>(variable: string, values: readonly T[], fallback?: T): Setting<T> {
  return {
    variable,
    read(raw) {
      if ((raw === undefined || raw === "") && fallback !== undefined) return fallback;
      if (raw !== undefined && (values as readonly string[]).includes(raw)) return raw as T;
      throw new MissingSettingError(`${variable} must be one of ${values.join(", ")}, not "${raw ?? ""}"`);
    },
  };
}

type Values<S extends Record<string, Setting<unknown>>> = { readonly [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

/** Getters over `spec`: each setting read from the environment at its first use, then kept. */
export function settings<S extends Record<string, Setting<unknown>>>(spec: S, env: NodeJS.ProcessEnv = process.env): Values<S> & { reset(): void } {
  const cache = new Map<string, unknown>();
  const result = {
    reset() {
      cache.clear();
    },
  } as Values<S> & { reset(): void };
  for (const [name, setting] of Object.entries(spec)) {
    Object.defineProperty(result, name, {
      enumerable: true,
      get() {
        if (!cache.has(name)) cache.set(name, setting.read(env[setting.variable]));
        return cache.get(name);
      },
    });
  }
  return result;
}
