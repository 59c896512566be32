/**
 * The words of the awareness part of the site (issue 6): articles, search, the honour-roll and
 * statistics pages, the quick exit's spoken messages, and the links and meta tags every page
 * carries. Vietnamese first, English second; the rest of the site's words are in i18n.ts.
 */
import type { ArticleTopic } from "./articles.ts";
import type { Locale, PageKey } from "./i18n.ts";

/** Main navigation, in order (the other pages are linked from the footer and the pages themselves). */
export const mainNavKeys: PageKey[] = ["home", "report", "articles", "hotlines", "communes", "search"];
/** Footer links. */
export const footerNavKeys: PageKey[] = ["articles", "search", "reportFollowUp", "honourRoll", "statistics"];

/** A day in Asia/Ho_Chi_Minh: "29/11/2026" in Vietnamese, "29 November 2026" in English. */
export function formatDate(date: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === "vi" ? "vi-VN" : "en-GB", {
    timeZone: "Asia/Ho_Chi_Minh",
    day: locale === "vi" ? "2-digit" : "numeric",
    month: locale === "vi" ? "2-digit" : "long",
    year: "numeric",
  }).format(date);
}

const vi = {
  ogLocale: "vi_VN",
  footerNav: "Thông tin khác",

  quickExitDescription: "Rời trang này ngay và mở một trang tìm kiếm thời tiết. Nhấn phím Shift ba lần liền cũng thoát.",
  /** Spoken after the first and second Shift press ({n}: presses still needed). */
  quickExitShiftMore: "Nhấn Shift thêm {n} lần nữa để thoát trang.",
  quickExitLeaving: "Đang thoát trang.",

  articlesTitle: "Tìm hiểu về bạo lực gia đình",
  articlesDescription:
    "Bạo lực gia đình là gì, bạn có những quyền gì, tìm sự giúp đỡ ở đâu, cách giúp người thân và hàng xóm, biện pháp cấm tiếp xúc, an toàn trên điện thoại.",
  articlesHeading: "Tìm hiểu",
  articlesLead: "Những bài viết ngắn, dễ hiểu, dựa trên Luật Phòng, chống bạo lực gia đình năm 2022. Chọn điều bạn cần biết.",
  topics: {
    help: { heading: "Tìm và trao sự giúp đỡ", intro: "Gọi ai, đến đâu, giúp người khác thế nào, và giữ an toàn khi tìm trợ giúp." },
    understand: { heading: "Hiểu về bạo lực gia đình", intro: "Những hành vi pháp luật cấm, quyền của người bị bạo lực và các biện pháp bảo vệ." },
    family: { heading: "Gia đình bình đẳng, hạnh phúc", intro: "Bình đẳng giới, văn hóa ứng xử, đạo đức và lối sống trong gia đình." },
    men: { heading: "Dành cho nam giới", intro: "Làm chồng, làm cha không cần bạo lực; và khi chính nam giới bị bạo lực." },
  } satisfies Record<ArticleTopic, { heading: string; intro: string }>,
  searchArticlesLink: "Tìm trong các bài viết",
  breadcrumb: "Bạn đang ở",
  updated: (date: string) => `Cập nhật ngày ${date}.`,
  helpBoxHeading: "Cần giúp đỡ?",
  helpBoxDanger: "Đang gặp nguy hiểm, hãy gọi ngay",
  helpBoxChild: "Trẻ em bị bạo lực, xâm hại, gọi",
  helpBoxLinks: "Số đường dây nóng và địa chỉ tin cậy gần bạn:",
  readMoreHeading: "Đọc thêm",

  searchTitle: "Tìm kiếm bài viết",
  searchDescription: "Tìm trong các bài viết về phòng, chống bạo lực gia đình. Gõ có dấu hay không dấu đều được.",
  searchHeading: "Tìm kiếm",
  searchLead:
    "Tìm trong các bài viết của trang. Việc tìm diễn ra ngay trên máy của bạn; những gì bạn gõ không nằm trên địa chỉ trang, nên không lưu vào lịch sử duyệt web.",
  searchLabel: "Tìm bài viết",
  searchHint: "Gõ có dấu hay không dấu đều được, ví dụ: bao luc, cam tiep xuc, dia chi tin cay.",
  searchButton: "Tìm",
  /** Status templates filled by the search script: {q} the query, {n} the number found. */
  searchWorking: "Đang tìm…",
  searchFound: "Tìm thấy {n} bài viết cho “{q}”.",
  searchNone: "Không tìm thấy bài viết nào cho “{q}”. Hãy thử từ khác, hoặc xem tất cả bài viết bên dưới.",
  searchFailed: "Chưa tìm được “{q}” lúc này. Hãy thử lại, hoặc xem tất cả bài viết bên dưới.",
  searchNoScript: "Ô tìm kiếm cần JavaScript. Tất cả bài viết đều có trong danh sách bên dưới.",
  searchAllHeading: "Tất cả bài viết",

  honourTitle: "Vinh danh – khen thưởng phòng, chống bạo lực gia đình",
  honourDescription: "Các tập thể, cá nhân và hộ gia đình được khen thưởng vì thành tích trong phòng, chống bạo lực gia đình.",
  honourHeading: "Vinh danh",
  honourLead:
    "Trang này sẽ công bố những tập thể, cá nhân và hộ gia đình được khen thưởng vì đã góp sức phòng, chống bạo lực gia đình: giữ gìn gia đình êm ấm, giúp đỡ người bị bạo lực, làm tốt việc ở thôn, tổ dân phố.",
  /** The honour roll itself (awards are published now): present tense, no "will". */
  honourRollLead:
    "Những tập thể, cá nhân và hộ gia đình được khen thưởng vì đã góp sức phòng, chống bạo lực gia đình: giữ gìn gia đình êm ấm, giúp đỡ người bị bạo lực, làm tốt việc ở thôn, tổ dân phố. Chọn năm và xã, phường để xem.",
  honourEmpty: "Chưa có quyết định khen thưởng nào được công bố. Danh sách sẽ được đăng sau mỗi đợt xét khen thưởng.",
  honourWillShowHeading: "Khi có, mỗi khen thưởng sẽ ghi",
  honourWillShow: [
    "tên tập thể, cá nhân hoặc hộ gia đình và xã, phường;",
    "hình thức khen thưởng: Giấy khen hoặc Bằng khen;",
    "số, ngày của quyết định và người ký;",
    "thành tích được ghi nhận.",
  ],
  statsTitle: "Số liệu thống kê về bạo lực gia đình",
  statsDescription: "Số liệu hằng năm về bạo lực gia đình và công tác phòng, chống bạo lực gia đình trong tỉnh, sau khi được tổng hợp.",
  statsHeading: "Số liệu thống kê",
  statsLead: (province: string) =>
    `Mỗi năm, vào tháng 12, ${province} tổng hợp số liệu về bạo lực gia đình và công tác phòng, chống bạo lực gia đình. Trang này sẽ công bố các số liệu đó.`,
  statsEmpty: "Chưa có số liệu nào được công bố. Số liệu sẽ được đăng sau đợt tổng hợp hằng năm.",
  statsWillShowHeading: "Số liệu sẽ gồm",
  statsWillShow: [
    "số vụ bạo lực gia đình và số hộ gia đình có bạo lực;",
    "các hình thức bạo lực: thể chất, tinh thần, tình dục, kinh tế;",
    "các biện pháp đã áp dụng, như góp ý phê bình, cấm tiếp xúc, giáo dục chuyển đổi hành vi, xử phạt;",
    "sự hỗ trợ dành cho người bị bạo lực, theo giới tính và nhóm tuổi.",
  ],
  statsPrivacy: "Số liệu chỉ gồm những gì pháp luật và sự đồng ý của người trong cuộc cho phép. Ô nào có số quá nhỏ sẽ không công bố, để không ai bị nhận ra.",
  meanwhileHeading: "Trong lúc chờ",

  hotlinesTrustedHeading: "Địa chỉ tin cậy",
  hotlinesTrustedText: (addresses: number, communes: number) =>
    `Ngoài đường dây nóng, bạn có thể đến địa chỉ tin cậy ở xã, phường của mình để được giúp đỡ và tạm lánh. Hiện có ${addresses} địa chỉ tin cậy ở ${communes} xã, phường, với số điện thoại bấm để gọi.`,
  hotlinesTrustedNone:
    "Ngoài đường dây nóng, bạn có thể đến địa chỉ tin cậy ở xã, phường của mình để được giúp đỡ và tạm lánh. Các địa chỉ tin cậy sẽ được ghi vào danh bạ khi xã, phường xác nhận.",
  hotlinesTrustedLink: "Tìm địa chỉ tin cậy theo xã, phường",
  readMoreLabel: "Đọc thêm:",
  homeLearnHeading: "Tìm hiểu thêm",
  homeAllArticles: "Tất cả bài viết",

  notFoundMore: "Hoặc tìm điều bạn cần:",
  notFoundDanger: "Nếu bạn đang gặp nguy hiểm, hãy gọi ngay",
};

export type ContentDict = typeof vi;

const en: ContentDict = {
  ogLocale: "en_GB",
  footerNav: "More information",

  quickExitDescription: "Leave this page at once and open a weather search. Pressing the Shift key three times also leaves.",
  quickExitShiftMore: "Press Shift {n} more times to leave the page.",
  quickExitLeaving: "Leaving the page.",

  articlesTitle: "Learn about domestic violence",
  articlesDescription:
    "What domestic violence is, your rights, where to get help, how to help a relative or neighbour, no-contact orders, staying safe on your phone.",
  articlesHeading: "Learn",
  articlesLead: "Short, plain articles based on the 2022 Law on Domestic Violence Prevention and Control. Choose what you need to know.",
  topics: {
    help: { heading: "Getting and giving help", intro: "Whom to call, where to go, how to help someone else, and staying safe while you look for help." },
    understand: {
      heading: "Understanding domestic violence",
      intro: "What the law forbids, the rights of people who suffer violence, and the measures that protect them.",
    },
    family: { heading: "Equal, happy families", intro: "Gender equality, how family members treat each other, values and ways of life at home." },
    men: { heading: "For men", intro: "Being a husband and a father needs no violence; and when men are the ones hurt." },
  },
  searchArticlesLink: "Search the articles",
  breadcrumb: "You are here",
  updated: (date: string) => `Updated ${date}.`,
  helpBoxHeading: "Need help?",
  helpBoxDanger: "In danger right now, call",
  helpBoxChild: "A child is being hurt or abused: call",
  helpBoxLinks: "Hotlines and trusted addresses near you:",
  readMoreHeading: "Read more",

  searchTitle: "Search the articles",
  searchDescription: "Search the articles on domestic violence prevention, with or without Vietnamese accents.",
  searchHeading: "Search",
  searchLead:
    "Search the articles of this site. The search runs on your device; what you type is not put in the page address, so it is not kept in your browsing history.",
  searchLabel: "Search the articles",
  searchHint: "For example: no-contact order, trusted address, rights.",
  searchButton: "Search",
  searchWorking: "Searching…",
  searchFound: "{n} articles found for “{q}”.",
  searchNone: "No article found for “{q}”. Try other words, or see all the articles below.",
  searchFailed: "Could not search for “{q}” right now. Try again, or see all the articles below.",
  searchNoScript: "The search box needs JavaScript. Every article is in the list below.",
  searchAllHeading: "All articles",

  honourTitle: "Honour roll – commendations for domestic violence prevention",
  honourDescription: "The groups, people and households commended for their work against domestic violence.",
  honourHeading: "Honour roll",
  honourLead:
    "This page will list the groups, people and households commended for their part in preventing domestic violence: keeping a peaceful home, helping people who suffer violence, good work in their village or neighbourhood.",
  honourRollLead:
    "The groups, people and households commended for their part in preventing domestic violence: keeping a peaceful home, helping people who suffer violence, good work in their village or neighbourhood. Choose a year and a commune to see them.",
  honourEmpty: "No commendation has been published yet. The list will appear after each round of commendations.",
  honourWillShowHeading: "Each commendation will show",
  honourWillShow: [
    "the name of the group, person or household, and the commune;",
    "the kind of award: a Giấy khen or a Bằng khen (certificates of merit);",
    "the number and date of the decision, and who signed it;",
    "the achievement recognised.",
  ],
  statsTitle: "Domestic violence statistics",
  statsDescription: "Yearly figures on domestic violence and on the work against it in the province, once they are compiled.",
  statsHeading: "Statistics",
  statsLead: (province: string) =>
    `Every December, ${province} compiles its figures on domestic violence and on the work against it. This page will publish them.`,
  statsEmpty: "No figures have been published yet. They will appear after the yearly compilation.",
  statsWillShowHeading: "The figures will cover",
  statsWillShow: [
    "the number of cases, and of households where violence happened;",
    "the forms of violence: physical, psychological, sexual, economic;",
    "the measures applied, such as community criticism, no-contact orders, behaviour-change education, fines;",
    "the support given to people who suffered violence, by sex and age group.",
  ],
  statsPrivacy:
    "The figures include only what the law and the consent of the people concerned allow. Any cell with a very small number is left out, so that nobody can be recognised.",
  meanwhileHeading: "Meanwhile",

  hotlinesTrustedHeading: "Trusted addresses",
  hotlinesTrustedText: (addresses: number, communes: number) =>
    `Besides the hotlines, you can go to a trusted address in your commune for help and shelter. There are ${addresses} trusted addresses in ${communes} communes, with phone numbers you can tap to call.`,
  hotlinesTrustedNone:
    "Besides the hotlines, you can go to a trusted address in your commune for help and shelter. Trusted addresses will be added to the directory as the communes confirm them.",
  hotlinesTrustedLink: "Find trusted addresses by commune",
  readMoreLabel: "Read more:",
  homeLearnHeading: "Learn more",
  homeAllArticles: "All articles",

  notFoundMore: "Or find what you need:",
  notFoundDanger: "If you are in danger, call",
};

export const contentDictionaries: Record<Locale, ContentDict> = { vi, en };

export function ct(locale: Locale): ContentDict {
  return contentDictionaries[locale];
}
