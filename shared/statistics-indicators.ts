import {
  casePriorities,
  caseStatusLabels,
  closeReasonLabels,
  closeReasons,
  partyAgeBandLabels,
  partySexes,
  partySexLabels,
  serviceKindLabels,
} from "./cases.ts";
import type { Bilingual } from "./labels.ts";
import { measureDefinition } from "./measures.ts";
import { channelLabels, reportChannels, reportStatuses, statusLabels } from "./reports.ts";
import { type ActGroup, actGroupLabels } from "./violence-acts.ts";

/**
 * The statistics' indicators, as data: a changed circular is an edit here, not a rewrite. Each
 * indicator is one table (one sheet of the XLSX export, one table of the page): rows × columns,
 * each cell the sum of the counters named by `counter` with `{row}` and `{column}` filled in
 * (functions/statistics/contributions.ts keeps them). `source: "entered"` items are typed in by
 * the commune (the system cannot know them), with who entered them.
 *
 * Legal basis: Thông tư 07/2017/TT-BVHTTDL (collection and reporting of information on families and
 * domestic violence, yearly, commune and province); the older commune form Biểu 01/BC-X of Thông tư
 * 23/2011/TT-BVHTTDL shows the same breakdowns. The form codes of TT 07/2017 were not found in a
 * public copy (DESIGN.md §2): the references name the circulars, not a form number.
 */
export const legalReferences = {
  tt07: { vi: "Thông tư 07/2017/TT-BVHTTDL", en: "Circular 07/2017/TT-BVHTTDL" },
  bcx: { vi: "Biểu 01/BC-X, Thông tư 23/2011/TT-BVHTTDL", en: "Form 01/BC-X, Circular 23/2011/TT-BVHTTDL" },
  law: { vi: "Luật Phòng, chống bạo lực gia đình 13/2022/QH15", en: "Law 13/2022/QH15 on domestic violence prevention" },
  qd45: { vi: "Quyết định 45/QĐ-TTg (2022)", en: "Decision 45/QĐ-TTg (2022)" },
} as const satisfies Record<string, Bilingual>;
export type LegalReference = keyof typeof legalReferences;

export type IndicatorUnit = "household" | "case" | "person" | "report" | "day";
export const unitLabels: Record<IndicatorUnit, Bilingual> = {
  household: { vi: "hộ", en: "households" },
  case: { vi: "vụ", en: "cases" },
  person: { vi: "người", en: "people" },
  report: { vi: "tin báo", en: "reports" },
  day: { vi: "ngày", en: "days" },
};

export interface Heading extends Bilingual {
  code: string;
}

export interface IndicatorDefinition {
  code: string;
  name: Bilingual;
  unit: IndicatorUnit;
  source: "computed" | "entered";
  legal: LegalReference[];
  rows: Heading[];
  /** One column (the count) when absent. */
  columns?: Heading[];
  /** Counter name with `{row}` / `{column}`; for entered indicators, the entered item's code. */
  counter: string;
  /** The rows partition the total (the total row is their sum and must add up); false when one item may count in several rows. */
  additive: boolean;
  /** For a table that is not additive: the total row's own counter (with `{column}`), if there is one. */
  total?: string;
  note?: Bilingual;
}

const headings = <T extends string>(codes: readonly T[], labels: Record<T, Bilingual>): Heading[] => codes.map((code) => ({ code, ...labels[code] }));

const forms: ActGroup[] = ["physical", "psychological", "sexual", "economic"];
/** Victims' age bands: 16–17 and 18–59 kept apart; the circular's 16–59 is their sum (derivedColumns). */
const ageBands = ["under-16", "16-17", "18-59", "60-plus", "unknown"] as const;

/** Measures applied to perpetrators, as the circular groups them (codes of Điều 22). */
const perpetratorMeasures: Heading[] = [
  { code: "h", vi: "Góp ý, phê bình trong cộng đồng dân cư", en: "Community criticism" },
  { code: "c", vi: "Cấm tiếp xúc", en: "No-contact order" },
  { code: "g", vi: "Giáo dục, hỗ trợ chuyển đổi hành vi", en: "Behaviour-change education" },
  { code: "i", vi: measureDefinition("i")?.vi ?? "", en: measureDefinition("i")?.en ?? "" },
  {
    code: "k",
    vi: "Xử phạt vi phạm hành chính hoặc truy cứu trách nhiệm hình sự",
    en: "Administrative sanction or criminal prosecution",
  },
];

const supportKinds = ["medical", "counselling", "legal-aid", "shelter", "essential-needs", "other"] as const;
const dayBands: Heading[] = [
  { code: "0", vi: "Trong ngày", en: "Same day" },
  { code: "1", vi: "1 ngày", en: "1 day" },
  { code: "2-3", vi: "2–3 ngày", en: "2–3 days" },
  { code: "4-7", vi: "4–7 ngày", en: "4–7 days" },
  { code: "8+", vi: "8 ngày trở lên", en: "8 days or more" },
];

export const householdTypes: Heading[] = [
  { code: "total", vi: "Tổng số hộ gia đình", en: "Households in total" },
  { code: "one-generation", vi: "Hộ một thế hệ", en: "One-generation households" },
  { code: "two-generations", vi: "Hộ hai thế hệ", en: "Two-generation households" },
  { code: "three-plus-generations", vi: "Hộ ba thế hệ trở lên", en: "Three or more generations" },
  { code: "single-parent", vi: "Hộ đơn thân nuôi con", en: "Single parent with children" },
];

export const indicators: readonly IndicatorDefinition[] = [
  {
    code: "households",
    name: { vi: "Hộ gia đình theo loại", en: "Households by type" },
    unit: "household",
    source: "entered",
    legal: ["tt07"],
    rows: householdTypes,
    counter: "households.{row}",
    additive: false,
    note: { vi: "Xã nhập; hệ thống không có sổ hộ khẩu", en: "Entered by the commune: the platform holds no household register" },
  },
  {
    code: "violence-forms",
    name: { vi: "Số vụ và số hộ có bạo lực gia đình, theo hình thức bạo lực", en: "Cases and households with violence, by form" },
    unit: "case",
    source: "computed",
    legal: ["tt07", "bcx", "law"],
    rows: headings(forms, actGroupLabels),
    columns: [
      { code: "cases", vi: "Số vụ", en: "Cases" },
      { code: "households", vi: "Số hộ có BLGĐ", en: "Households with violence" },
    ],
    counter: "{column}.form.{row}",
    additive: false,
    total: "{column}",
    note: {
      vi: "Một vụ có thể có nhiều hình thức; mỗi hồ sơ vụ việc được tính là một hộ",
      en: "A case may show several forms; each case file counts as one household",
    },
  },
  {
    code: "victims",
    name: { vi: "Người bị bạo lực theo giới tính và độ tuổi", en: "Victims by sex and age" },
    unit: "person",
    source: "computed",
    legal: ["tt07", "bcx"],
    rows: headings(partySexes, partySexLabels),
    columns: headings(ageBands, partyAgeBandLabels),
    counter: "victims.{row}.{column}",
    additive: true,
  },
  {
    code: "perpetrators",
    name: { vi: "Người có hành vi bạo lực theo giới tính", en: "Perpetrators by sex" },
    unit: "person",
    source: "computed",
    legal: ["tt07", "bcx"],
    rows: headings(partySexes, partySexLabels),
    counter: "perpetrators.{row}",
    additive: true,
  },
  {
    code: "perpetrator-measures",
    name: { vi: "Biện pháp đã áp dụng đối với người có hành vi bạo lực", en: "Measures applied to perpetrators" },
    unit: "person",
    source: "computed",
    legal: ["tt07", "bcx", "law"],
    rows: perpetratorMeasures,
    counter: "measures.{row}",
    additive: false,
    note: { vi: "Một người có thể chịu nhiều biện pháp", en: "One person may be subject to several measures" },
  },
  {
    code: "support",
    name: { vi: "Hỗ trợ người bị bạo lực đã nhận", en: "Support received by victims" },
    unit: "person",
    source: "computed",
    legal: ["tt07", "law"],
    rows: headings(supportKinds, serviceKindLabels),
    counter: "support.{row}",
    additive: false,
    note: { vi: "Một người có thể nhận nhiều hình thức hỗ trợ", en: "One person may receive several kinds of support" },
  },
  {
    code: "report-channels",
    name: { vi: "Tin báo theo kênh tiếp nhận", en: "Reports by channel" },
    unit: "report",
    source: "computed",
    legal: ["law"],
    rows: headings(reportChannels, channelLabels),
    counter: "reports.channel.{row}",
    additive: true,
  },
  {
    code: "report-outcomes",
    name: { vi: "Tin báo theo kết quả phân loại", en: "Reports by triage outcome" },
    unit: "report",
    source: "computed",
    legal: ["law"],
    rows: headings(reportStatuses, statusLabels),
    counter: "reports.outcome.{row}",
    additive: true,
  },
  {
    code: "report-to-case",
    name: { vi: "Thời gian từ tin báo đến mở vụ việc", en: "Days from report to case" },
    unit: "case",
    source: "computed",
    legal: ["law"],
    rows: dayBands,
    counter: "reportToCase.band.{row}",
    additive: true,
  },
  {
    code: "closed",
    name: { vi: "Vụ việc đã kết thúc theo lý do", en: "Cases closed, by reason" },
    unit: "case",
    source: "computed",
    legal: ["tt07"],
    rows: headings(closeReasons, closeReasonLabels),
    counter: "closed.reason.{row}",
    additive: true,
  },
];

/** The circular's 16–59 band is 16–17 plus 18–59 (the platform keeps them apart for Điều 32). */
export const derivedColumns: Record<string, { code: string; vi: string; en: string; of: string[] }[]> = {
  victims: [{ code: "16-59", vi: "Từ 16 đến 59 tuổi", en: "16 to 59", of: ["16-17", "18-59"] }],
};

/**
 * Program targets, Quyết định 45/QĐ-TTg (2022). `measure` names what the platform can measure now;
 * a target without it is shown as "chưa có dữ liệu / no data yet" — never a guessed figure.
 */
export interface ProgramTarget extends Heading {
  target: number;
  measure?: { numerator: string; denominator: string };
}
export const programTargets: readonly ProgramTarget[] = [
  { code: "communes-with-model", target: 95, vi: "Xã duy trì mô hình phòng, chống BLGĐ", en: "Communes running a prevention model" },
  { code: "staff-trained", target: 90, vi: "Cán bộ được tập huấn", en: "Staff trained" },
  { code: "households-reached", target: 40, vi: "Hộ gia đình được tuyên truyền", en: "Households reached by awareness talks" },
  {
    code: "victims-supported",
    target: 95,
    vi: "Người bị bạo lực được hỗ trợ",
    en: "Victims supported",
    measure: { numerator: "supported.victims", denominator: "victims.*" },
  },
  {
    code: "perpetrators-counselled",
    target: 80,
    vi: "Người có hành vi bạo lực được tư vấn, giáo dục",
    en: "Perpetrators counselled",
    measure: { numerator: "counselled.perpetrators", denominator: "perpetrators.*" },
  },
];

/** The live (dashboard) counters: open reports, open cases by status, urgent. */
export const liveCounters = ["reports.new", "cases.new", "cases.intervening", "cases.monitoring", "cases.urgent"] as const;
export const liveCounterLabels: Record<(typeof liveCounters)[number], Bilingual> = {
  "reports.new": { vi: "Tin báo chờ phân loại", en: "Reports awaiting triage" },
  "cases.new": { vi: `Vụ việc: ${caseStatusLabels.new.vi}`, en: `Cases: ${caseStatusLabels.new.en}` },
  "cases.intervening": { vi: `Vụ việc: ${caseStatusLabels.intervening.vi}`, en: `Cases: ${caseStatusLabels.intervening.en}` },
  "cases.monitoring": { vi: `Vụ việc: ${caseStatusLabels.monitoring.vi}`, en: `Cases: ${caseStatusLabels.monitoring.en}` },
  "cases.urgent": { vi: "Vụ việc khẩn cấp đang mở", en: "Open urgent cases" },
};
/** Priority codes a dashboard filter may name. */
export const dashboardPriorities = casePriorities;
