/**
 * Acts of domestic violence — Luật Phòng, chống bạo lực gia đình 13/2022/QH15, Điều 3 khoản 1,
 * points a–q — in plain words, with the statistics group of each. Data, not code: a correction of
 * a wording or a group is one edit here (points l–q were checked against secondary sources only).
 */
export type ActGroup = "physical" | "psychological" | "sexual" | "economic";

export interface ViolenceAct {
  /** The letter of the point: a, b, c, d, đ, e, g, h, i, k, l, m, n, o, p, q. */
  code: string;
  group: ActGroup;
  vi: string;
  en: string;
}

export const violenceActs: readonly ViolenceAct[] = [
  { code: "a", group: "physical", vi: "Đánh đập, hành hạ, đe dọa gây thương tích hoặc đe dọa tính mạng", en: "Beating, torture, threats to health or life" },
  { code: "b", group: "psychological", vi: "Lăng mạ, chì chiết, xúc phạm danh dự, nhân phẩm", en: "Insults and attacks on honour and dignity" },
  {
    code: "c",
    group: "psychological",
    vi: "Ép buộc chứng kiến bạo lực với người, con vật",
    en: "Forcing someone to witness violence against people or animals",
  },
  {
    code: "d",
    group: "psychological",
    vi: "Bỏ mặc, không quan tâm trẻ em, người già, người khuyết tật, phụ nữ mang thai hoặc nuôi con nhỏ",
    en: "Neglecting children, elderly or disabled people, pregnant or nursing women",
  },
  {
    code: "đ",
    group: "psychological",
    vi: "Kỳ thị, phân biệt đối xử về hình thể, giới, giới tính, năng lực",
    en: "Discrimination over body, gender, sex or ability",
  },
  {
    code: "e",
    group: "psychological",
    vi: "Ngăn cản gặp gỡ người thân, có quan hệ xã hội hợp pháp",
    en: "Cutting someone off from relatives and lawful social contact",
  },
  {
    code: "g",
    group: "psychological",
    vi: "Ngăn cản thực hiện quyền, nghĩa vụ giữa ông bà, cha mẹ, con cái, vợ chồng, anh chị em",
    en: "Obstructing rights and duties between family members",
  },
  {
    code: "h",
    group: "psychological",
    vi: "Tiết lộ, phát tán thông tin riêng tư nhằm xúc phạm danh dự, nhân phẩm",
    en: "Disclosing private information to insult",
  },
  { code: "i", group: "sexual", vi: "Cưỡng ép quan hệ tình dục", en: "Forced sex, including with a spouse" },
  { code: "k", group: "sexual", vi: "Cưỡng ép xem, nghe, đọc, thực hiện hành vi có tính chất khiêu dâm", en: "Forced pornography" },
  {
    code: "l",
    group: "economic",
    vi: "Cưỡng ép tảo hôn, kết hôn, ly hôn hoặc cản trở kết hôn, ly hôn hợp pháp",
    en: "Forced or child marriage; obstructing lawful marriage or divorce",
  },
  { code: "m", group: "economic", vi: "Cưỡng ép mang thai, phá thai, lựa chọn giới tính thai nhi", en: "Forced pregnancy, abortion or sex selection" },
  { code: "n", group: "economic", vi: "Chiếm đoạt, hủy hoại tài sản", en: "Seizing or destroying property" },
  {
    code: "o",
    group: "economic",
    vi: "Cưỡng ép lao động quá sức, kiểm soát thu nhập để tạo phụ thuộc về tài chính",
    en: "Forced overwork; controlling income to create financial dependence",
  },
  { code: "p", group: "physical", vi: "Cô lập, giam cầm", en: "Isolation or confinement" },
  { code: "q", group: "economic", vi: "Cưỡng ép ra khỏi chỗ ở hợp pháp", en: "Forcing someone out of their lawful home" },
];

export const violenceActCodes = violenceActs.map((act) => act.code);

export const actGroupLabels: Record<ActGroup, { vi: string; en: string }> = {
  physical: { vi: "Bạo lực thể chất", en: "Physical violence" },
  psychological: { vi: "Bạo lực tinh thần", en: "Psychological violence" },
  sexual: { vi: "Bạo lực tình dục", en: "Sexual violence" },
  economic: { vi: "Bạo lực kinh tế và khác", en: "Economic and other violence" },
};

export function isViolenceAct(code: string): boolean {
  return violenceActCodes.includes(code);
}
