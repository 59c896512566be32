import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, type Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { repoRoot } from "../../infra/bundling.ts";
import { applyNagChecks } from "../../infra/nag.ts";
import { loadProvince } from "../../infra/provinces/index.ts";
import { addProvinceStacks, type ProvinceStacks, type ProvinceStacksOptions } from "../../infra/stacks/province-stacks.ts";
import type { Province } from "../../shared/province.ts";

/**
 * Synthesizes provinces in-process the way infra/app.ts does — same feature flags (cdk.json),
 * same stacks, cdk-nag registered as a validation plugin — once per test file, so every assertion
 * reads the same assembly. One difference: a nag finding does not throw here; the validation
 * report is read instead, so a test can say which finding it is.
 */
const cdkJson = JSON.parse(readFileSync(join(repoRoot, "cdk.json"), "utf8")) as { context: Record<string, unknown> };

export interface ValidationReport {
  pluginReports: {
    pluginName: string;
    conclusion: string;
    violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[];
  }[];
}

export interface SynthesizedProvince {
  slug: string;
  stacks: ProvinceStacks;
  templates: Record<Exclude<keyof ProvinceStacks, "certificate">, Template> & { certificate?: Template };
}

export interface SynthesizedApp {
  app: App;
  provinces: Map<string, SynthesizedProvince>;
  report: ValidationReport;
  cleanup: () => void;
}

/** Provinces by file slug, or province objects (a variant of a file: another domain, sender…). */
export function synthesizeProvinces(slugs: readonly (string | Province)[], options: ProvinceStacksOptions = {}): SynthesizedApp {
  const outdir = mkdtempSync(join(tmpdir(), "pcblgd-cdk-test-"));
  const app = new App({
    outdir,
    context: { ...cdkJson.context, "@aws-cdk/core:failSynthOnValidationErrors": false },
  });
  const built = slugs.map((entry) => {
    const province = typeof entry === "string" ? loadProvince(entry) : entry;
    return { slug: province.slug, stacks: addProvinceStacks(app, province, options) };
  });
  applyNagChecks(app);
  const assembly = app.synth();
  const report = JSON.parse(readFileSync(join(assembly.directory, "validation-report.json"), "utf8")) as ValidationReport;

  const provinces = new Map<string, SynthesizedProvince>();
  for (const { slug, stacks } of built) {
    const template = (stack: Stack) => Template.fromStack(stack);
    provinces.set(slug, {
      slug,
      stacks,
      templates: {
        data: template(stacks.data),
        auth: template(stacks.auth),
        api: template(stacks.api),
        web: template(stacks.web),
        ...(stacks.certificate === undefined ? {} : { certificate: template(stacks.certificate) }),
      },
    });
  }
  return { app, provinces, report, cleanup: () => rmSync(outdir, { recursive: true, force: true }) };
}

export function province(synthesized: SynthesizedApp, slug: string): SynthesizedProvince {
  const found = synthesized.provinces.get(slug);
  if (found === undefined) throw new Error(`province ${slug} was not synthesized`);
  return found;
}

/** The single resource of a type with these properties (or throws), with its logical id. */
export function onlyResource(
  template: Template,
  type: string,
  props?: object,
): { id: string; resource: { Properties: Record<string, unknown> } & Record<string, unknown> } {
  const found = Object.entries(template.findResources(type, props === undefined ? undefined : { Properties: props }));
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  const [id, resource] = found[0] as [string, { Properties: Record<string, unknown> }];
  return { id, resource };
}
