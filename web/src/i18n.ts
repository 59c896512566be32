/**
 * Every word the public site shows, Vietnamese first and English second, in one place. Pages and
 * components never hold their own copy; scripts get what they need through data-* attributes.
 */

import { type CommuneType, communeTypeLabels } from "../../shared/province.ts";

export const locales = ["vi", "en"] as const;
export type Locale = (typeof locales)[number];

/** The pages of the site and their address in each language (trailing slash: the site is built with `trailingSlash: "always"`). */
export const routes = {
  home: { vi: "/", en: "/en/" },
  hotlines: { vi: "/duong-day-nong/", en: "/en/hotlines/" },
  communes: { vi: "/xa-phuong/", en: "/en/communes/" },
} as const satisfies Record<string, Record<Locale, string>>;
export type PageKey = keyof typeof routes;

/**
 * Where "Thoát nhanh" goes: a neutral page (a weather search) that says nothing about this site.
 * The only third-party address the site links to.
 */
export const quickExitUrl = "https://www.google.com/search?q=th%E1%BB%9Di+ti%E1%BA%BFt";

/** National numbers (DESIGN §2): police emergency and the child-protection line, both free, 24/7. */
export const emergencyNumbers = { police: "113", child: "111" } as const;

/** The order official texts count them in: "gồm 97 xã và 32 phường". */
const typeOrder: CommuneType[] = ["xa", "phuong", "dac-khu"];

function listWithAnd(items: string[], and: string): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} ${and} ${items.at(-1)}`;
}

function plural(noun: string, count: number): string {
  return count === 1 ? noun : `${noun}s`;
}

const vi = {
  languageName: "Tiếng Việt",
  languageNav: "Ngôn ngữ",
  siteName: "Phòng, chống bạo lực gia đình",
  siteShortName: "PCBLGĐ",
  skipLink: "Chuyển đến nội dung chính",
  quickExit: "Thoát nhanh",
  quickExitHint: "Bấm “Thoát nhanh” hoặc nhấn phím Shift ba lần để rời trang ngay.",
  mainNav: "Điều hướng chính",
  nav: { home: "Trang chủ", hotlines: "Đường dây nóng", communes: "Xã, phường" } satisfies Record<PageKey, string>,
  sampleBanner: "Dữ liệu minh họa, không phải số điện thoại hay địa chỉ thật.",
  footerLaw: "Căn cứ Luật Phòng, chống bạo lực gia đình số 13/2022/QH15.",
  footerEmergency: "Khi gặp nguy hiểm, hãy gọi ngay:",
  police: "Công an",
  childLine: "Bảo vệ trẻ em",
  call: (number: string) => `Gọi ${number}`,
  free: "Miễn phí",
  charged: "Tính cước thông thường",
  hours: "Giờ nghe máy",

  homeTitle: (province: string) => `Phòng, chống bạo lực gia đình – ${province}`,
  homeDescription: (province: string) => `Số đường dây nóng và nơi tin cậy để nhờ giúp đỡ khi bị bạo lực gia đình ở ${province}. Đang gặp nguy hiểm? Gọi 113.`,
  homeHeading: "Phòng, chống bạo lực gia đình",
  homeLead: (province: string) =>
    `Đây là trang thông tin của ${province} dành cho người bị bạo lực gia đình và những người muốn giúp họ: người thân, hàng xóm, bạn bè. Tại đây bạn tìm được số điện thoại cần gọi và nơi có thể đến nhờ giúp đỡ ở xã, phường của mình.`,
  dangerQuestion: "Đang gặp nguy hiểm?",
  dangerPolice: "Công an – cảnh sát khẩn cấp, 24/7, miễn phí.",
  childQuestion: "Trẻ em bị bạo lực, xâm hại?",
  dangerChild: "Tổng đài quốc gia bảo vệ trẻ em, 24/7, miễn phí.",
  findHelpHeading: "Tìm sự giúp đỡ",
  hotlinesCard: "Các số điện thoại có thể gọi, giờ nghe máy, và gọi có mất phí hay không.",
  communesCard: (count: number) => `Danh sách ${count} xã, phường, đặc khu, với đường dây nóng và địa chỉ tin cậy của từng nơi.`,
  whatIsHeading: "Bạo lực gia đình là gì?",
  whatIsText:
    "Đánh đập, đe dọa, lăng mạ, xúc phạm, bỏ mặc không chăm sóc, cô lập khỏi người thân, ép buộc quan hệ tình dục, ép kết hôn, chiếm đoạt tài sản, kiểm soát tiền bạc, đuổi ra khỏi nhà… giữa những người trong gia đình đều là bạo lực gia đình. Pháp luật nghiêm cấm những hành vi này.",
  rightsHeading: "Bạn có quyền được giúp đỡ",
  rightsText:
    "Người bị bạo lực gia đình có quyền được bảo vệ, được giữ bí mật đời tư, được chăm sóc y tế, tư vấn tâm lý, trợ giúp pháp lý, và được bố trí nơi tạm lánh, giữ bí mật địa điểm. Bạn không có lỗi khi bị bạo lực.",
  trustedHeading: "Địa chỉ tin cậy là gì?",
  trustedText:
    "Là một người hoặc một nơi có uy tín trong cộng đồng, do Ủy ban nhân dân xã, phường lập ra, để tiếp nhận, bảo vệ người bị bạo lực gia đình và giữ kín thông tin của họ. Địa chỉ tin cậy thường ở trạm y tế hoặc trụ sở công an xã, phường.",
  safetyHeading: "Giữ an toàn khi xem trang này",
  safetyText:
    "Nếu có người có thể xem điện thoại hay máy tính của bạn, hãy bấm nút “Thoát nhanh” ở đầu trang hoặc nhấn phím Shift ba lần liền: trang này biến mất ngay và chuyển sang trang tìm kiếm thời tiết. Sau đó, bạn nên xóa lịch sử duyệt web.",

  hotlinesTitle: (province: string) => `Đường dây nóng – ${province}`,
  hotlinesDescription: (province: string) => `Các số điện thoại có thể gọi khi bị bạo lực gia đình ở ${province}.`,
  hotlinesHeading: "Đường dây nóng",
  hotlinesLead: "Gọi ngay khi bạn hoặc người khác đang gặp nguy hiểm. Bấm vào số để gọi.",
  provinceWideHeading: "Toàn tỉnh và toàn quốc",
  communeHotlinesHeading: "Đường dây nóng của xã, phường",
  noProvinceHotlines: "Chưa có số nào được ghi nhận cho toàn tỉnh. Khi gặp nguy hiểm, hãy gọi 113 hoặc 111.",
  noCommuneHotlines: "Chưa có xã, phường nào ghi nhận đường dây nóng riêng. Hãy gọi các số ở trên.",
  seeCommunes: "Xem danh bạ xã, phường",

  communesTitle: (province: string) => `Xã, phường, đặc khu – ${province}`,
  communesDescription: (province: string) => `Đường dây nóng và địa chỉ tin cậy của từng xã, phường, đặc khu ở ${province}.`,
  communesHeading: "Xã, phường, đặc khu",
  communesLead: (province: string, total: number, breakdown: string) =>
    `Từ ngày 01/07/2025, ${province} có ${total} đơn vị hành chính cấp xã, gồm ${breakdown}. Tìm nơi bạn ở để xem đường dây nóng và địa chỉ tin cậy gần bạn.`,
  /** "97 xã và 32 phường": the communes of the province counted by type. */
  typeBreakdown: (counts: Record<CommuneType, number>) =>
    listWithAnd(
      typeOrder.filter((type) => counts[type] > 0).map((type) => `${counts[type]} ${communeTypeLabels[type].vi.toLowerCase()}`),
      "và",
    ),
  searchLabel: "Tìm xã, phường",
  searchHint: (example: string) => `Gõ có dấu hay không dấu đều được, ví dụ: ${example}.`,
  /** Templates filled by the search script: {n} shown, {total} in all. */
  countAll: "Có {total} xã, phường, đặc khu.",
  countSome: "Tìm thấy {n} trên {total} xã, phường, đặc khu.",
  countNone: "Không tìm thấy xã, phường nào. Hãy kiểm tra lại tên, hoặc gọi 113 hay 111 để được giúp.",
  communeCode: "Mã",
  communeHotlines: "Đường dây nóng",
  trustedAddresses: "Địa chỉ tin cậy",
  noTrustedAddress: "Chưa có địa chỉ tin cậy được ghi nhận. Khi cần giúp, hãy gọi",
  or: "hoặc",
  phone: "Điện thoại",

  notFoundTitle: "Không tìm thấy trang",
  notFoundText: "Trang bạn tìm không có hoặc đã được chuyển đi.",
  notFoundHome: "Về trang chủ",
  notFoundHotlines: "Xem số đường dây nóng",
};

export type Dict = typeof vi;

const en: Dict = {
  languageName: "English",
  languageNav: "Language",
  siteName: "Domestic violence prevention",
  siteShortName: "PCBLGĐ",
  skipLink: "Skip to main content",
  quickExit: "Quick exit",
  quickExitHint: "Press “Quick exit” or the Shift key three times to leave this page at once.",
  mainNav: "Main",
  nav: { home: "Home", hotlines: "Hotlines", communes: "Communes" },
  sampleBanner: "Illustrative data: these are not real phone numbers or addresses.",
  footerLaw: "Under the Law on Domestic Violence Prevention and Control No. 13/2022/QH15.",
  footerEmergency: "In danger? Call now:",
  police: "Police",
  childLine: "Child protection",
  call: (number: string) => `Call ${number}`,
  free: "Free",
  charged: "Normal call charges",
  hours: "Hours",

  homeTitle: (province: string) => `Domestic violence prevention – ${province}`,
  homeDescription: (province: string) => `Hotlines and trusted places to get help with domestic violence in ${province}. In danger? Call 113.`,
  homeHeading: "Domestic violence prevention",
  homeLead: (province: string) =>
    `This is the ${province} information site for people who live with domestic violence and for those who want to help them: relatives, neighbours, friends. Here you find the numbers to call and the places in your commune where you can go for help.`,
  dangerQuestion: "In danger right now?",
  dangerPolice: "Police emergency, 24/7, free of charge.",
  childQuestion: "A child is being hurt or abused?",
  dangerChild: "National child protection hotline, 24/7, free of charge.",
  findHelpHeading: "Find help",
  hotlinesCard: "The numbers you can call, when someone answers, and whether the call is free.",
  communesCard: (count: number) => `All ${count} communes, wards and special zones, with the hotlines and trusted addresses of each.`,
  whatIsHeading: "What is domestic violence?",
  whatIsText:
    "Beating, threats, insults, humiliation, neglect, cutting someone off from their relatives, forced sex, forced marriage, taking property, controlling money, throwing someone out of their home… between members of a family are all domestic violence. The law forbids them.",
  rightsHeading: "You have a right to help",
  rightsText:
    "People who suffer domestic violence have the right to protection, to privacy, to medical care, counselling and legal aid, and to a temporary shelter whose location is kept secret. It is not your fault.",
  trustedHeading: "What is a trusted address?",
  trustedText:
    "A respected person or place in the community, set up by the commune People’s Committee, that takes in and protects people who suffer violence and keeps their information secret. Trusted addresses are often at the commune health station or police post.",
  safetyHeading: "Staying safe while you read this",
  safetyText:
    "If someone may check your phone or computer, press the “Quick exit” button at the top of the page or press the Shift key three times: this page disappears at once and a weather search opens instead. Afterwards, clear your browsing history.",

  hotlinesTitle: (province: string) => `Hotlines – ${province}`,
  hotlinesDescription: (province: string) => `The numbers to call about domestic violence in ${province}.`,
  hotlinesHeading: "Hotlines",
  hotlinesLead: "Call at once if you or someone else is in danger. Tap a number to call it.",
  provinceWideHeading: "Province-wide and national",
  communeHotlinesHeading: "Commune hotlines",
  noProvinceHotlines: "No province-wide number is recorded yet. In danger, call 113 or 111.",
  noCommuneHotlines: "No commune has recorded its own hotline yet. Please call the numbers above.",
  seeCommunes: "See the commune directory",

  communesTitle: (province: string) => `Communes, wards and special zones – ${province}`,
  communesDescription: (province: string) => `Hotlines and trusted addresses of every commune, ward and special zone in ${province}.`,
  communesHeading: "Communes, wards and special zones",
  communesLead: (province: string, total: number, breakdown: string) =>
    `Since 1 July 2025, ${province} has ${total} commune-level units: ${breakdown}. Find where you live to see the hotlines and trusted addresses near you.`,
  typeBreakdown: (counts: Record<CommuneType, number>) =>
    listWithAnd(
      typeOrder.filter((type) => counts[type] > 0).map((type) => `${counts[type]} ${plural(communeTypeLabels[type].en.toLowerCase(), counts[type])}`),
      "and",
    ),
  searchLabel: "Search communes and wards",
  searchHint: (example: string) => `With or without Vietnamese accents, for example: ${example}.`,
  countAll: "{total} communes, wards and special zones.",
  countSome: "{n} of {total} communes, wards and special zones found.",
  countNone: "No commune or ward found. Check the name, or call 113 or 111 for help.",
  communeCode: "Code",
  communeHotlines: "Hotlines",
  trustedAddresses: "Trusted addresses",
  noTrustedAddress: "No trusted address is recorded yet. If you need help, call",
  or: "or",
  phone: "Phone",

  notFoundTitle: "Page not found",
  notFoundText: "The page you are looking for does not exist or has moved.",
  notFoundHome: "Go to the home page",
  notFoundHotlines: "See the hotlines",
};

export const dictionaries: Record<Locale, Dict> = { vi, en };

export function t(locale: Locale): Dict {
  return dictionaries[locale];
}

export function otherLocale(locale: Locale): Locale {
  return locale === "vi" ? "en" : "vi";
}

/**
 * A province's name inside a Vietnamese sentence: "của tỉnh Ninh Bình", not "của Tỉnh Ninh Bình"
 * (the capital stays in titles and at the start of a sentence). English names are left alone.
 */
export function nameInSentence(name: string, locale: Locale): string {
  return locale === "vi" ? name.replace(/^(Tỉnh|Thành phố) /u, (word) => word.toLowerCase()) : name;
}

/** `tel:` link for a number as people write it ("0200 000 001", "+84 …"): digits and a leading +. */
export function telHref(number: string): string {
  return `tel:${number.replace(/[^\d+]/g, "")}`;
}
