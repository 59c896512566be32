import type { Bilingual } from "./labels.ts";

/**
 * Measures to stop violence and protect victims — Luật Phòng, chống bạo lực gia đình
 * 13/2022/QH15, Điều 22 khoản 1, points a–k — with who may order each and the limits the Law sets.
 * Data, not code: a correction of a wording or a limit is one edit here. The rules that read this
 * table live in functions/cases/rules.ts (the domain), never in the UI only.
 */
export type MeasureCode = "a" | "b" | "c" | "d" | "đ" | "e" | "g" | "h" | "i" | "k";

/**
 * Who orders a measure:
 * - `case-officer`: whoever handles the case, at once (a);
 * - `commune-chairman`: Chủ tịch UBND xã (or the Phó Chủ tịch standing in): role `commune-leader`;
 * - `commune-police`: Trưởng Công an xã (b) — recorded from the police's decision;
 * - `court`: Tòa án (c) — recorded from the court's decision;
 * - `other-authority`: under other laws (administrative or criminal procedure, k).
 */
export const orderingAuthorities = ["case-officer", "commune-chairman", "commune-police", "court", "other-authority"] as const;
export type OrderingAuthority = (typeof orderingAuthorities)[number];

export const orderingAuthorityLabels: Record<OrderingAuthority, Bilingual> = {
  "case-officer": { vi: "Người trực tiếp xử lý vụ việc", en: "The officer handling the case" },
  "commune-chairman": { vi: "Chủ tịch UBND xã", en: "Chair of the commune People's Committee" },
  "commune-police": { vi: "Trưởng Công an xã", en: "Head of the commune police" },
  court: { vi: "Tòa án", en: "A court" },
  "other-authority": { vi: "Cơ quan có thẩm quyền khác", en: "Another competent authority" },
};

export interface MeasureDefinition {
  code: MeasureCode;
  vi: string;
  en: string;
  /** The authorities that may order it; the first is the default of the form. */
  authorities: readonly OrderingAuthority[];
  /** Applies to a perpetrator (the measure names one). */
  perpetrator: boolean;
  /** Maximum length per order and authority, in hours (72 = 3 days) or calendar months. */
  maxDuration?: Partial<Record<OrderingAuthority, { hours: number } | { months: number }>>;
  /** Only for a perpetrator aged 18 or over (Điều 32). */
  adultPerpetratorOnly?: boolean;
  /** Officers are reminded before it ends (the reminder job). */
  remindBeforeEnd?: boolean;
}

export const measures: readonly MeasureDefinition[] = [
  {
    code: "a",
    vi: "Buộc chấm dứt ngay hành vi bạo lực gia đình",
    en: "Order the violence to stop at once",
    authorities: ["case-officer", "commune-chairman", "commune-police"],
    perpetrator: true,
  },
  {
    code: "b",
    vi: "Yêu cầu người có hành vi bạo lực đến trụ sở Công an xã",
    en: "Summon the perpetrator to the commune police",
    authorities: ["commune-police"],
    perpetrator: true,
  },
  {
    code: "c",
    vi: "Cấm tiếp xúc",
    en: "No-contact order",
    authorities: ["commune-chairman", "court"],
    perpetrator: true,
    // Điều 25: at most 3 days each time; Điều 26: a court's at most 4 months.
    maxDuration: { "commune-chairman": { hours: 72 }, court: { months: 4 } },
    remindBeforeEnd: true,
  },
  {
    code: "d",
    vi: "Bố trí nơi tạm lánh, hỗ trợ nhu cầu thiết yếu",
    en: "Temporary shelter and essential needs",
    authorities: ["case-officer", "commune-chairman"],
    perpetrator: false,
  },
  { code: "đ", vi: "Chăm sóc, điều trị", en: "Medical care and treatment", authorities: ["case-officer"], perpetrator: false },
  {
    code: "e",
    vi: "Trợ giúp pháp lý, tư vấn tâm lý, kỹ năng ứng phó với bạo lực",
    en: "Legal aid, counselling, coping skills",
    authorities: ["case-officer"],
    perpetrator: false,
  },
  {
    code: "g",
    vi: "Giáo dục, hỗ trợ chuyển đổi hành vi bạo lực",
    en: "Behaviour-change education and support",
    authorities: ["case-officer", "commune-chairman"],
    perpetrator: true,
  },
  {
    code: "h",
    vi: "Góp ý, phê bình trong cộng đồng dân cư",
    en: "Community criticism",
    authorities: ["commune-chairman"],
    perpetrator: true,
    adultPerpetratorOnly: true,
  },
  {
    code: "i",
    vi: "Thực hiện công việc phục vụ cộng đồng",
    en: "Community service",
    authorities: ["commune-chairman", "other-authority"],
    perpetrator: true,
  },
  {
    code: "k",
    vi: "Biện pháp ngăn chặn, xử lý vi phạm hành chính hoặc hình sự",
    en: "Administrative or criminal procedure measures",
    authorities: ["other-authority", "commune-police", "court"],
    perpetrator: true,
  },
];

export const measureCodes = measures.map((measure) => measure.code) as MeasureCode[];

export function measureDefinition(code: string): MeasureDefinition | undefined {
  return measures.find((measure) => measure.code === code);
}

/** Authorities whose order the platform's own officers give (and so may only record as ordered with `measure:order`). */
export const orderedInsideThePlatform: readonly OrderingAuthority[] = ["commune-chairman"];
