import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resourceName } from "../../infra/stacks/names.ts";
import { caseRetentionDays } from "../../shared/cases.ts";
import { onlyResource, type SynthesizedApp, type SynthesizedProvince, synthesizeProvinces } from "./synth.ts";

/**
 * Case tracking's scheduled work in AWS (infra/stacks/api-stack.ts): two EventBridge Scheduler
 * schedules invoke the cases function — reminders every 5 minutes, retention daily — through a role
 * that may invoke that one function and nothing else; the function learns the retention period and
 * encrypts with the KMS keyring.
 */
const slug = "ninh-binh";
let synthesized: SynthesizedApp;
let p: SynthesizedProvince;

beforeAll(() => {
  synthesized = synthesizeProvinces([slug]);
  p = synthesized.provinces.get(slug) as SynthesizedProvince;
});
afterAll(() => synthesized?.cleanup());

// biome-ignore lint/suspicious/noExplicitAny: template JSON is untyped by nature
type CfnJson = any;

describe("case jobs", () => {
  it("schedules reminders every 5 minutes, retention daily and My work's digest at 07:00, in Vietnam time, with the scheduler's event", () => {
    const cases = onlyResource(p.templates.api, "AWS::Lambda::Function", { FunctionName: resourceName(slug, "cases") });
    // The cases function's schedules (other functions have their own: oversight reminders).
    const schedules = (Object.values(p.templates.api.findResources("AWS::Scheduler::Schedule")) as { Properties: CfnJson }[]).filter(
      (schedule) => schedule.Properties.Target.Arn["Fn::GetAtt"][0] === cases.id,
    );
    expect(schedules.map((schedule) => schedule.Properties.ScheduleExpression).sort()).toEqual(["cron(0 2 * * ? *)", "cron(0 7 * * ? *)", "rate(5 minutes)"]);
    for (const schedule of schedules) {
      expect(schedule.Properties.ScheduleExpressionTimezone).toBe("Asia/Ho_Chi_Minh");
      expect(schedule.Properties.Target.Arn).toEqual({ "Fn::GetAtt": [cases.id, "Arn"] });
      expect(JSON.parse(schedule.Properties.Target.Input)).toMatchObject({
        source: "pcblgd.scheduler",
        job: expect.stringMatching(/^(reminders|retention|digest)$/),
      });
    }
  });

  it("lets the scheduler's role invoke the cases function and put an undelivered run in its dead-letter queue, nothing else", () => {
    const cases = onlyResource(p.templates.api, "AWS::Lambda::Function", { FunctionName: resourceName(slug, "cases") });
    const schedule = (Object.values(p.templates.api.findResources("AWS::Scheduler::Schedule")) as { Properties: CfnJson }[]).find(
      (candidate) => candidate.Properties.Target.Arn["Fn::GetAtt"][0] === cases.id,
    ) as { Properties: CfnJson };
    const roleId = schedule.Properties.Target.RoleArn["Fn::GetAtt"][0] as string;
    const role = p.templates.api.findResources("AWS::IAM::Role")[roleId] as { Properties: CfnJson };
    expect(JSON.stringify(role.Properties.AssumeRolePolicyDocument)).toContain("scheduler.amazonaws.com");
    const statements = Object.values(p.templates.api.findResources("AWS::IAM::Policy") as Record<string, { Properties: CfnJson }>)
      .filter((policy) => policy.Properties.Roles.some((ref: { Ref: string }) => ref.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    const deadLetters = onlyResource(p.templates.api, "AWS::SQS::Queue", { QueueName: resourceName(slug, "scheduled-job-failures") });
    expect(statements).toEqual([
      { Action: "lambda:InvokeFunction", Effect: "Allow", Resource: { "Fn::GetAtt": [cases.id, "Arn"] } },
      { Action: ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"], Effect: "Allow", Resource: { "Fn::GetAtt": [deadLetters.id, "Arn"] } },
    ]);
  });

  it("tells the cases function the retention period and gives it the KMS keyring for personal fields", () => {
    const cases = onlyResource(p.templates.api, "AWS::Lambda::Function", { FunctionName: resourceName(slug, "cases") });
    const variables = (cases.resource.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.CASE_RETENTION_DAYS).toBe(String(caseRetentionDays));
    expect(variables.FIELD_KEYRING).toBe("kms");
    expect(variables.PROVINCE_SLUG).toBe(slug);
  });

  it("lets the cases function list the pool's officers, to e-mail reminders to the commune's case officers", () => {
    const cases = onlyResource(p.templates.api, "AWS::Lambda::Function", { FunctionName: resourceName(slug, "cases") });
    const roleId = (cases.resource.Properties.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
    const actions = Object.values(p.templates.api.findResources("AWS::IAM::Policy") as Record<string, { Properties: CfnJson }>)
      .filter((policy) => policy.Properties.Roles.some((ref: { Ref: string }) => ref.Ref === roleId))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .flatMap((statement: { Action: string | string[] }) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]));
    expect(actions).toContain("cognito-idp:ListUsers");
  });
});
