import * as z from "zod/mini";
import { communeCodePattern, communeTypes } from "./communes.ts";
import { defaultCutOffDay } from "./statistics-periods.ts";

export { type CommuneType, communeFullName, communeTypeLabels, communeTypes } from "./communes.ts";

/**
 * The shape of a province file (infra/provinces/<slug>.json). One schema serves every place that
 * loads a province — CDK, the local runtime, the seed and the web build — so a bad file fails the
 * same way everywhere, with the path of the field that is wrong.
 */

const bilingual = z.object({ vi: z.string().check(z.minLength(1)), en: z.string().check(z.minLength(1)) });

const communeSchema = z.strictObject({
  code: z.string().check(z.regex(communeCodePattern, "mã xã phải gồm 5 chữ số / a commune code has 5 digits")),
  name: z.string().check(z.minLength(1)),
  nameEn: z.string().check(z.minLength(1)),
  type: z.enum(communeTypes),
  /**
   * The communes merged into this one on 1 July 2025, by their full old names ("Xã Thanh Hương"):
   * people still say where they live by them, so the directory and the commune choosers find the
   * new commune from an old name (infra/provinces/tools/import-former-names.ts writes them).
   */
  formerNames: z.optional(z.array(z.string().check(z.minLength(1)))),
});

const phoneNumber = z.string().check(z.regex(/^[0-9 .+]{3,20}$/, "số điện thoại không hợp lệ / not a phone number"));

const hotlineSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9-]+$/)),
  name: bilingual,
  number: phoneNumber,
  /** When it answers; whether it is free is `free` (shown as its own badge, so never said twice here). */
  hours: bilingual.check(
    z.refine(
      (hours) => !/miễn phí|free/i.test(`${hours.vi} ${hours.en}`),
      "giờ trực không nói lại “miễn phí” (đã có `free`) / hours do not repeat “free” (`free` says it)",
    ),
  ),
  free: z.boolean(),
  /** "province" for a province-wide or national line, otherwise the official code of one commune. */
  scope: z.union([z.literal("province"), z.string().check(z.regex(communeCodePattern))]),
});

const trustedAddressSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9-]+$/)),
  commune: z.string().check(z.regex(communeCodePattern)),
  name: z.string().check(z.minLength(1)),
  address: z.string().check(z.minLength(1)),
  phone: z.optional(phoneNumber),
  hours: z.optional(bilingual),
});

export const provinceSchema = z
  .strictObject({
    $schema: z.optional(z.string()),
    slug: z.string().check(z.regex(/^[a-z][a-z0-9-]{1,30}$/, "slug: chữ thường, số, gạch nối / lowercase, digits, hyphens")),
    code: z.string().check(z.regex(/^\d{2}$/, "mã tỉnh gồm 2 chữ số / a province code has 2 digits")),
    /** Case numbers read `<prefix>-<year>-<6 digits>`: NB-2026-000123. */
    caseNumberPrefix: z.string().check(z.regex(/^[A-Z]{2,4}$/, "caseNumberPrefix: 2–4 chữ in hoa / 2–4 capital letters")),
    name: bilingual,
    region: z._default(z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "not an AWS region")), "ap-southeast-1"),
    defaultLocale: z._default(z.enum(["vi", "en"]), "vi"),
    initialAdminEmail: z.email(),
    /** The SES-verified address report notices are sent from; without it, officers are not e-mailed in AWS (the inbox still shows every report). */
    notificationSender: z.optional(z.email()),
    sample: z.optional(z.boolean()),
    /**
     * The site's own domain (e.g. pcblgd.ninhbinh.gov.vn): a certificate in us-east-1, the
     * distribution's alternate name, the sign-in callbacks, CSP and CORS follow it. Without it the
     * site lives on its *.cloudfront.net address.
     */
    domain: z.optional(
      z
        .string()
        .check(
          z.regex(
            /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
            "tên miền chữ thường, ví dụ pcblgd.ninhbinh.gov.vn / a lower-case domain name",
          ),
        ),
    ),
    /** The Route 53 hosted zone of `domain`, if the province's DNS is there: the certificate validates itself and the site's alias records are created. */
    route53Zone: z.optional(z.strictObject({ id: z.string().check(z.regex(/^Z[A-Z0-9]{1,31}$/)), name: z.string().check(z.minLength(3)) })),
    /**
     * The statistics periods' cut-off day (docs/statistics.md): a half-year ends on this day of June
     * and of December, Asia/Ho_Chi_Minh. 31 = calendar halves (30 June, 31 December); 14 = the
     * Government's reporting regime (15 Dec – 14 Jun, 15 Jun – 14 Dec). Changing it needs a rebuild.
     */
    statisticsCutOffDay: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(31)), defaultCutOffDay),
    communes: z.array(communeSchema).check(z.minLength(1)),
    hotlines: z.array(hotlineSchema),
    trustedAddresses: z.array(trustedAddressSchema),
  })
  .check(
    z.superRefine((province, ctx) => {
      const codes = new Set<string>();
      province.communes.forEach((commune, index) => {
        if (codes.has(commune.code)) {
          ctx.addIssue({
            code: "custom",
            path: ["communes", index, "code"],
            message: `mã xã trùng / duplicate commune code ${commune.code}`,
            input: commune.code,
          });
        }
        codes.add(commune.code);
      });
      const uniqueIds = (items: { id: string }[], key: string) => {
        const seen = new Set<string>();
        items.forEach((item, index) => {
          if (seen.has(item.id)) ctx.addIssue({ code: "custom", path: [key, index, "id"], message: `id trùng / duplicate id ${item.id}`, input: item.id });
          seen.add(item.id);
        });
      };
      const zone = province.route53Zone;
      if (zone !== undefined && (province.domain === undefined || !`.${province.domain}`.endsWith(`.${zone.name}`))) {
        ctx.addIssue({
          code: "custom",
          path: ["route53Zone", "name"],
          message: `tên miền phải thuộc vùng này / domain must lie in this zone: ${province.domain ?? "(no domain)"} ∉ ${zone.name}`,
          input: zone.name,
        });
      }
      uniqueIds(province.hotlines, "hotlines");
      uniqueIds(province.trustedAddresses, "trustedAddresses");
      province.hotlines.forEach((hotline, index) => {
        if (hotline.scope !== "province" && !codes.has(hotline.scope)) {
          ctx.addIssue({
            code: "custom",
            path: ["hotlines", index, "scope"],
            message: `xã không có trong tỉnh / commune not in this province: ${hotline.scope}`,
            input: hotline.scope,
          });
        }
      });
      province.trustedAddresses.forEach((address, index) => {
        if (!codes.has(address.commune)) {
          ctx.addIssue({
            code: "custom",
            path: ["trustedAddresses", index, "commune"],
            message: `xã không có trong tỉnh / commune not in this province: ${address.commune}`,
            input: address.commune,
          });
        }
      });
    }),
  );

export type Province = z.infer<typeof provinceSchema>;
export type Commune = Province["communes"][number];
export type Hotline = Province["hotlines"][number];
export type TrustedAddress = Province["trustedAddresses"][number];

export class ProvinceFileError extends Error {
  override name = "ProvinceFileError";
}

/** Validates parsed province JSON; the error names the source and every bad field's path. */
export function parseProvince(data: unknown, source: string): Province {
  const result = provinceSchema.safeParse(data);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join(".") : "(file)";
    const reason = issue.message === "Invalid input" ? describeIssue(issue) : issue.message;
    return `  - ${path}: ${reason}`;
  });
  throw new ProvinceFileError(`Tệp tỉnh không hợp lệ / invalid province file ${source}:\n${lines.join("\n")}`);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${issue.expected}`;
    case "unrecognized_keys":
      return `unknown field(s) ${issue.keys.join(", ")}`;
    case "invalid_value":
      return `expected one of ${issue.values.join(", ")}`;
    case "too_small":
      return `too small (minimum ${String(issue.minimum)})`;
    default:
      return issue.code;
  }
}
