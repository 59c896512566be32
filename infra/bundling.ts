import { statSync } from "node:fs";
import { basename, dirname, extname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, type BuildResult, build, buildSync, type Metafile } from "esbuild";

/**
 * How every Lambda function is bundled — the one place for esbuild options. The ApiFunction
 * construct (the real deploy) and the bundle-size benchmark both call `bundleFunction*` from here,
 * so what is measured is exactly what ships.
 */

/** The repository root: entries in functions/catalogue.ts are relative to it. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The file name Lambda loads; `.mjs` makes Node treat the bundle as ESM. */
export const bundleFileName = "index.mjs";
/** Lambda's handler string for a bundle built here (every entry exports `handler`). */
export const lambdaHandler = "index.handler";

/**
 * An ESM bundle of the AWS SDK (and Powertools' tracer) still calls `require` for Node built-ins;
 * without this banner it fails at import with `Dynamic require of "node:https" is not supported`.
 */
export const createRequireBanner = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * The esbuild options shared by every function. The AWS SDK is bundled on purpose (nothing is
 * external): a tree-shaken SDK starts faster than the runtime's copy and its version is the one
 * the lockfile pins and the tests ran against.
 */
export const esbuildOptions = {
  bundle: true,
  platform: "node",
  target: "node22",
  format: "esm",
  mainFields: ["module", "main"],
  conditions: ["module", "import"],
  minify: true,
  treeShaking: true,
  // An external .map file: stack traces are mapped at runtime (NODE_OPTIONS=--enable-source-maps)
  // without inflating the code Lambda loads. Sources are left out: the mappings suffice.
  sourcemap: "external",
  sourcesContent: false,
  legalComments: "none",
  banner: { js: createRequireBanner },
  external: [],
  // The Encryption SDK's ECDSA helpers (DER signatures, PEM keys) need asn1.js; FieldCipher's suite
  // has no signature, so a stand-in that refuses any use keeps ~70 KB out of every cold start.
  alias: { "asn1.js": "./infra/bundle-stubs/asn1-unused.mjs" },
  metafile: true,
  logLevel: "warning",
} as const satisfies BuildOptions;

/**
 * Whether a bundle carries SDK tracing (functions/lib/tracing.ts: Powertools' Tracer with
 * aws-xray-sdk-core, a subsegment per AWS SDK call). Off by default: without it `#tracing`
 * resolves to functions/lib/tracing-off.ts and the tracer is not bundled at all, while Lambda's
 * active tracing still records every invocation. A deployment turns it on with the CDK context
 * `pcblgd:sdkTracing=true` (infra/constructs/api-function.ts) to look inside slow requests.
 */
export interface BundleVariant {
  sdkTracing: boolean;
}

export const defaultBundleVariant: BundleVariant = { sdkTracing: false };

/** The esbuild condition that resolves `#tracing` (package.json "imports") to the no-op module. */
export const noSdkTracingCondition = "pcblgd-no-sdk-tracing";

export interface BundleResult {
  /** Absolute path of the bundle's entry file (what Lambda loads). */
  outfile: string;
  /**
   * What a cold start loads, in bytes: the entry file and the chunks it imports statically
   * (source maps not counted). The budgets in functions/catalogue.ts apply to this.
   */
  bytes: number;
  /** Every code file of the bundle, lazily loaded chunks included: what the deployment package carries. */
  totalBytes: number;
  metafile: Metafile;
}

/** The full esbuild options for one entry (relative to the repository root, or absolute). */
export function buildOptionsFor(entry: string, outfile: string, variant: BundleVariant = defaultBundleVariant): BuildOptions {
  return {
    ...esbuildOptions,
    conditions: variant.sdkTracing ? [...esbuildOptions.conditions] : [...esbuildOptions.conditions, noSdkTracingCondition],
    absWorkingDir: repoRoot,
    entryPoints: [isAbsolute(entry) ? entry : join(repoRoot, entry)],
    // Code splitting: what a function reaches only through `await import()` (the DOCX and XLSX
    // writers, the Cognito and S3 clients, the local runtime's stand-ins) goes into chunks of its
    // own, loaded at the first request that needs it instead of at every cold start.
    splitting: true,
    outdir: dirname(resolve(outfile)),
    entryNames: basename(outfile).replace(/\.[^.]+$/, ""),
    chunkNames: "chunks/[name]-[hash]",
    outExtension: { ".js": extname(outfile) || ".mjs" },
  };
}

/** Bundles one function entry to `outfile` (use a name ending in `.mjs`). */
export async function bundleFunction(entry: string, outfile: string, variant: BundleVariant = defaultBundleVariant): Promise<BundleResult> {
  return toResult(outfile, await build(buildOptionsFor(entry, outfile, variant)));
}

/**
 * The same bundle, synchronously: CDK builds its constructs synchronously, so the ApiFunction
 * construct uses this one. Same options, same output.
 */
export function bundleFunctionSync(entry: string, outfile: string, variant: BundleVariant = defaultBundleVariant): BundleResult {
  return toResult(outfile, buildSync(buildOptionsFor(entry, outfile, variant)));
}

function toResult(outfile: string, result: BuildResult): BundleResult {
  const { metafile } = result;
  if (metafile === undefined) throw new Error(`esbuild returned no metafile for ${outfile}`);
  const codeFiles = Object.keys(metafile.outputs).filter((path) => !path.endsWith(".map"));
  // (Chunks split at a dynamic import also name an entry point: the entry file is the one asked for.)
  const entry = codeFiles.find((path) => resolve(repoRoot, path) === resolve(outfile));
  if (entry === undefined) throw new Error(`esbuild wrote no entry file for ${outfile}`);
  // The entry and, transitively, the chunks it imports statically: what Node evaluates at load.
  const loaded = new Set<string>();
  const visit = (path: string) => {
    if (loaded.has(path)) return;
    loaded.add(path);
    for (const imported of metafile.outputs[path]?.imports ?? []) if (imported.kind === "import-statement" && !imported.external) visit(imported.path);
  };
  visit(entry);
  const size = (path: string) => statSync(resolve(repoRoot, path)).size;
  const sum = (paths: Iterable<string>) => [...paths].reduce((total, path) => total + size(path), 0);
  return { outfile: resolve(repoRoot, entry), bytes: sum(loaded), totalBytes: sum(codeFiles), metafile };
}
