import type { Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RouteDefinition, routeKey, routeTable } from "../../functions/routes.ts";
import { unacknowledgedFindings } from "../../infra/nag.ts";
import { listProvinceSlugs } from "../../infra/provinces/index.ts";
import { stackKinds } from "../../infra/stacks/names.ts";
import { onlyResource, province, type SynthesizedApp, synthesizeProvinces } from "./synth.ts";

/**
 * Provinces share one AWS account: every name that AWS requires to be unique (in an account, a
 * region, or across AWS for the sign-in domain) must differ between them.
 */
const physicalNameProperties = [
  ["AWS::DynamoDB::GlobalTable", "TableName"],
  ["AWS::Lambda::Function", "FunctionName"],
  ["AWS::Logs::LogGroup", "LogGroupName"],
  ["AWS::KMS::Alias", "AliasName"],
  ["AWS::ApiGatewayV2::Api", "Name"],
  ["AWS::Cognito::UserPool", "UserPoolName"],
  ["AWS::Cognito::UserPoolDomain", "Domain"],
  ["AWS::CloudFront::Function", "Name"],
] as const;

function physicalNames(template: Template): string[] {
  const names: string[] = [];
  for (const [type, property] of physicalNameProperties) {
    for (const resource of Object.values(template.findResources(type))) {
      const name = (resource as { Properties: Record<string, unknown> }).Properties[property];
      if (typeof name === "string") names.push(`${type} ${name}`);
    }
  }
  for (const resource of Object.values(template.findResources("AWS::CloudFront::ResponseHeadersPolicy"))) {
    names.push(
      `ResponseHeadersPolicy ${(resource as { Properties: { ResponseHeadersPolicyConfig: { Name: string } } }).Properties.ResponseHeadersPolicyConfig.Name}`,
    );
  }
  return names;
}

describe("every province in one app", () => {
  const slugs = listProvinceSlugs();
  let synthesized: SynthesizedApp;
  beforeAll(() => {
    synthesized = synthesizeProvinces(slugs);
  });
  afterAll(() => synthesized?.cleanup());

  it("has distinct stack names", () => {
    const names = slugs.flatMap((slug) => stackKinds.map((kind) => province(synthesized, slug).stacks[kind].stackName));
    expect(names).toHaveLength(slugs.length * stackKinds.length);
    expect(new Set(names).size).toBe(names.length);
  });

  it("has distinct physical names (tables, functions, log groups, API, pool, domain, CloudFront)", () => {
    const names = slugs.flatMap((slug) => Object.values(province(synthesized, slug).templates).flatMap(physicalNames));
    const tables = names.filter((name) => name.startsWith("AWS::DynamoDB::GlobalTable"));
    expect(tables.length).toBeGreaterThanOrEqual(slugs.length);
    const duplicates = names.filter((name, index) => names.indexOf(name) !== index);
    expect(duplicates).toEqual([]);
    for (const slug of slugs) {
      const own = Object.values(province(synthesized, slug).templates).flatMap(physicalNames);
      for (const name of own) expect(name).toContain(slug);
    }
  });
});

describe("officer routes and the site domain", () => {
  const officerRoute: RouteDefinition = {
    method: "GET",
    path: "/api/made-up/{caseId}",
    function: "directory",
    access: "officer",
    permission: "case:read",
    scope: "record",
    audit: { action: "case.read", record: { type: "case", param: "caseId" } },
    summary: "A made-up officer route, to exercise the JWT authorizer",
  };
  const slug = "tinh-mau";
  let synthesized: SynthesizedApp;
  beforeAll(() => {
    synthesized = synthesizeProvinces([slug], { routes: [...routeTable, officerRoute], siteDomain: "d111111abcdef8.cloudfront.net", account: "123456789012" });
  });
  afterAll(() => synthesized?.cleanup());

  it("lets the browser PUT evidence to the province's bucket (connect-src), when the account is known", () => {
    const policy = onlyResource(province(synthesized, slug).templates.web, "AWS::CloudFront::ResponseHeadersPolicy");
    const csp = JSON.stringify(policy.resource.Properties.ResponseHeadersPolicyConfig);
    expect(csp).toContain(`https://pcblgd-${slug}-attachments-123456789012-ap-southeast-1.s3.ap-southeast-1.amazonaws.com`);
  });

  it("puts officer routes behind a JWT authorizer on the Cognito pool and web client", () => {
    const { templates } = province(synthesized, slug);
    const authorizer = onlyResource(templates.api, "AWS::ApiGatewayV2::Authorizer");
    expect(authorizer.resource.Properties.AuthorizerType).toBe("JWT");
    expect(authorizer.resource.Properties.IdentitySource).toEqual(["$request.header.Authorization"]);
    const jwt = authorizer.resource.Properties.JwtConfiguration as { Audience: unknown[]; Issuer: unknown };
    expect(jwt.Audience).toHaveLength(1);
    // The pool's issuer URL (https://cognito-idp.<region>.amazonaws.com/<pool id>), read from the auth stack.
    expect(JSON.stringify(jwt.Issuer)).toMatch(/pcblgd-tinh-mau-auth.*ProviderURL/);
    const route = onlyResource(templates.api, "AWS::ApiGatewayV2::Route", { RouteKey: routeKey(officerRoute) }).resource.Properties;
    expect(route.AuthorizationType).toBe("JWT");
    expect(route.AuthorizerId).toEqual({ Ref: authorizer.id });
  });

  it("lets a function that starts serving officer routes read revocations (the shared stack looks tokens up there)", () => {
    const fn = onlyResource(province(synthesized, slug).templates.api, "AWS::Lambda::Function", { FunctionName: `pcblgd-${slug}-directory` });
    const variables = (fn.resource.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.TABLE_REVOCATIONS).toBe(`pcblgd-${slug}-revocations`);
  });

  it("points the sign-in callback and logout at the site's domain when it is known (context siteDomain)", () => {
    const client = onlyResource(province(synthesized, slug).templates.auth, "AWS::Cognito::UserPoolClient").resource.Properties;
    expect(client.CallbackURLs).toEqual(["https://d111111abcdef8.cloudfront.net/dang-nhap/callback/"]);
    expect(client.LogoutURLs).toEqual(["https://d111111abcdef8.cloudfront.net/dang-nhap/da-dang-xuat/", "https://d111111abcdef8.cloudfront.net/"]);
  });

  it("leaves public routes public and needs no acknowledgement for the officer route", () => {
    const { templates, stacks } = province(synthesized, slug);
    for (const route of routeTable.filter((candidate) => candidate.access === "public")) {
      expect(onlyResource(templates.api, "AWS::ApiGatewayV2::Route", { RouteKey: routeKey(route) }).resource.Properties.AuthorizationType).toBe("NONE");
    }
    expect(unacknowledgedFindings(stacks.api)).toEqual([]);
  });
});
