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
  // The awareness site (issue 6): articles, search, and the slots later issues fill.
  articles: { vi: "/tim-hieu/", en: "/en/learn/" },
  search: { vi: "/tim-kiem/", en: "/en/search/" },
  honourRoll: { vi: "/vinh-danh/", en: "/en/honour-roll/" },
  statistics: { vi: "/so-lieu/", en: "/en/statistics/" },
  // Reporting (issue 4): the public report form and the follow-up by receipt code.
  report: { vi: "/bao-tin/", en: "/en/report/" },
  reportFollowUp: { vi: "/bao-tin/theo-doi/", en: "/en/report/follow-up/" },
} as const satisfies Record<string, Record<Locale, string>>;
export type PageKey = keyof typeof routes;

/**
 * The officer pages (Vietnamese only: officers are Vietnamese civil servants; their strings have
 * English counterparts below for when an English officer area is wanted). The callback and
 * signed-out addresses are registered with the OpenID provider (Cognito's app client, the local
 * provider's client), so they never move.
 */
export const officerRoutes = {
  signIn: "/dang-nhap/",
  callback: "/dang-nhap/callback/",
  signedOut: "/dang-nhap/da-dang-xuat/",
  home: "/can-bo/",
  adminOfficers: "/can-bo/quan-tri/can-bo/",
  audit: "/can-bo/quan-tri/nhat-ky/",
  // Reports (issue 4): the commune inbox, one report (?id=) with its triage, and officer intake.
  reports: "/can-bo/tin-bao/",
  reportDetail: "/can-bo/tin-bao/chi-tiet/",
  reportIntake: "/can-bo/tin-bao/nhap/",
  // Cases (issue 5): a commune's cases, and one case file (?id=).
  cases: "/can-bo/vu-viec/",
  caseDetail: "/can-bo/vu-viec/ho-so/",
  // Case work (issue 14): find a person's cases by exact name (case:read-identity).
  caseFind: "/can-bo/vu-viec/tim-theo-ten/",
  // Statistics (issue 11): the province dashboard and completeness.
  statistics: "/can-bo/thong-ke/",
  statisticsCommune: "/can-bo/thong-ke/xa/",
  // Commendations (issue 7): the lists with filters, the nomination form (?id= to edit), one nomination (?id=) with its steps.
  nominations: "/can-bo/khen-thuong/",
  nominationForm: "/can-bo/khen-thuong/de-nghi/",
  nominationDetail: "/can-bo/khen-thuong/ho-so/",
  // The prevention network (issue 12): the live directory kept by the commune; activities and mediations.
  preventionDirectory: "/can-bo/phong-ngua/danh-ba/",
  prevention: "/can-bo/phong-ngua/",
  preventionModels: "/can-bo/phong-ngua/mo-hinh/",
  preventionCourses: "/can-bo/phong-ngua/tap-huan/",
  // Case work (issue 14): the signed-in officer's list for today.
  myWork: "/can-bo/viec-cua-toi/",
  // Transfers between communes (issue 14): records other communes ask this commune to take.
  transfersIncoming: "/can-bo/chuyen-den/",
  // Oversight (issue 13): plans and tasks, inspections and recommendations (one hub, one detail page), the yearly report.
  oversight: "/can-bo/giam-sat/",
  oversightDetail: "/can-bo/giam-sat/chi-tiet/",
  yearlyReport: "/can-bo/giam-sat/bao-cao-nam/",
} as const;
export type OfficerPageKey = keyof typeof officerRoutes;

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
  nav: {
    home: "Trang chủ",
    hotlines: "Đường dây nóng",
    communes: "Xã, phường",
    articles: "Tìm hiểu",
    search: "Tìm kiếm",
    honourRoll: "Vinh danh",
    statistics: "Số liệu",
    report: "Báo tin",
    reportFollowUp: "Theo dõi tin báo",
  } satisfies Record<PageKey, string>,
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
  searchHint: (example: string) => `Gõ có dấu hay không dấu đều được, tên mới hay tên cũ trước khi sáp nhập, ví dụ: ${example}.`,
  formerNames: "Gồm các xã, phường cũ:",
  /** Templates filled by the search script: {n} shown, {total} in all. */
  countAll: "Có {total} xã, phường, đặc khu.",
  countSome: "Tìm thấy {n} trên {total} xã, phường, đặc khu.",
  countNone: "Không tìm thấy xã, phường nào. Hãy kiểm tra lại tên, hoặc gọi 113 hay 111 để được giúp.",
  communeCode: "Mã",
  communeHotlines: "Đường dây nóng",
  trustedAddresses: "Địa chỉ tin cậy",
  /** The one line under a commune without a trusted address; what to do instead is said once, above the list. */
  noTrustedAddress: "Chưa có địa chỉ tin cậy.",
  noTrustedAddressHelp: "Ở nơi chưa có địa chỉ tin cậy, khi cần giúp hãy gọi",
  or: "hoặc",
  phone: "Điện thoại",
  contactPerson: "Người liên hệ",

  officer: {
    areaName: "Trang cán bộ",
    nav: "Điều hướng trang cán bộ",
    navHome: "Trang chủ cán bộ",
    navReports: "Tin báo",
    navCases: "Vụ việc",
    navNominations: "Khen thưởng",
    navAdminOfficers: "Quản lý cán bộ",
    navAudit: "Nhật ký truy cập",
    signOut: "Đăng xuất",
    signedInAs: "Đang đăng nhập:",
    checkingSession: "Đang kiểm tra phiên đăng nhập…",
    needsJs: "Trang cán bộ cần bật JavaScript trong trình duyệt.",
    publicSite: "Về trang thông tin công khai",
    loadError: "Không tải được dữ liệu. Hãy kiểm tra kết nối mạng rồi thử lại.",
    sessionError: "Không kiểm tra được phiên đăng nhập (chưa cấu hình đăng nhập hoặc mất kết nối). Hãy thử lại sau ít phút.",
    draftRestored: "Nội dung bạn đang nhập trước khi phải đăng nhập lại đã được khôi phục. Hãy kiểm tra rồi gửi lại.",
    notAllowed: "Trang này không tồn tại hoặc bạn không có quyền xem.",
    backHome: "Về trang chủ cán bộ",

    signInTitle: "Đăng nhập cán bộ",
    signInHeading: "Đăng nhập dành cho cán bộ",
    signInLead:
      "Trang này dành cho cán bộ xã, phường và cán bộ tỉnh làm công tác phòng, chống bạo lực gia đình. Người dân không cần đăng nhập để tìm sự giúp đỡ.",
    signInButton: "Đăng nhập",
    signInExpired: "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại để tiếp tục; nội dung đang nhập dở (nếu có) được giữ lại.",
    signInFailed: "Không mở được trang đăng nhập. Hãy thử lại sau ít phút.",
    signInHelp: "Chưa có tài khoản hoặc quên mật khẩu? Hãy liên hệ quản trị viên của tỉnh.",
    publicHelp: "Cần giúp đỡ ngay? Xem số đường dây nóng",
    callbackTitle: "Đang đăng nhập…",
    callbackWorking: "Đang hoàn tất đăng nhập, xin chờ trong giây lát…",
    callbackFailed: "Đăng nhập không thành công hoặc đã quá thời gian. Hãy đăng nhập lại.",
    signInAgain: "Đăng nhập lại",
    signedOutTitle: "Đã đăng xuất",
    signedOutHeading: "Bạn đã đăng xuất",
    signedOutText: "Phiên làm việc đã kết thúc trên trình duyệt này. Nếu dùng máy tính chung, hãy đóng cửa sổ trình duyệt.",

    homeTitle: "Trang chủ cán bộ",
    greeting: "Xin chào, {name}",
    greetingPlain: "Xin chào",
    profileHeading: "Tài khoản của bạn",
    profileRoles: "Vai trò",
    profileJurisdiction: "Phạm vi phụ trách",
    profileEmail: "Thư điện tử",
    wholeProvince: "Toàn tỉnh",
    workHeading: "Công việc theo vai trò của bạn",
    comingSoon: "Sắp có",
    work: {
      reports: { title: "Tin báo", text: "Tiếp nhận và phân loại tin báo về bạo lực gia đình trong phạm vi phụ trách." },
      cases: { title: "Vụ việc", text: "Mở và theo dõi vụ việc: biện pháp, hỗ trợ, chuyển gửi, hòa giải." },
      stats: { title: "Thống kê", text: "Số liệu tổng hợp theo xã và theo năm." },
      nominations: { title: "Khen thưởng", text: "Đề nghị, xét và quyết định khen thưởng." },
      oversight: { title: "Kế hoạch, kiểm tra", text: "Nhiệm vụ của kế hoạch, kiểm tra và kiến nghị, báo cáo năm." },
      adminOfficers: { title: "Quản lý cán bộ", text: "Mời cán bộ, đổi vai trò và phạm vi, vô hiệu hóa tài khoản." },
      audit: { title: "Nhật ký truy cập", text: "Ai đã làm gì, với hồ sơ nào, khi nào." },
      preventionDirectory: { title: "Danh bạ địa chỉ tin cậy", text: "Thêm, sửa, tạm ngừng địa chỉ tin cậy và đường dây nóng; nhập từ bảng tính." },
      prevention: { title: "Hoạt động phòng ngừa", text: "Ghi buổi truyền thông, thăm hộ gia đình và vụ hòa giải." },
      preventionModels: { title: "Mô hình, nhóm cộng đồng", text: "Sổ mô hình, nhóm của xã: thành viên, số hộ tham gia, trạng thái; tải CSV, XLSX." },
      preventionCourses: { title: "Tập huấn", text: "Lớp tập huấn, người tham gia, chứng nhận; số cán bộ và tỷ lệ được tập huấn." },
    },
    directoryHeading: "Tra cứu",

    adminTitle: "Quản lý cán bộ",
    adminLead: "Mời cán bộ mới, đổi vai trò và phạm vi phụ trách, vô hiệu hóa hoặc kích hoạt lại tài khoản. Bạn không thể tự sửa tài khoản của mình.",
    inviteHeading: "Mời cán bộ mới",
    inviteHint: "Cán bộ nhận mật khẩu tạm thời qua thư điện tử và phải đổi mật khẩu khi đăng nhập lần đầu.",
    inviteSubmit: "Gửi lời mời",
    invited: "Đã mời {name} ({email}). Mật khẩu tạm thời đã được gửi tới địa chỉ thư điện tử này.",
    email: "Thư điện tử",
    emailHint: "Địa chỉ công vụ của cán bộ, ví dụ: ten.xa@ninhbinh.gov.vn",
    name: "Họ và tên",
    roles: "Vai trò",
    rolesHint: "Chọn một hoặc nhiều vai trò.",
    jurisdiction: "Phạm vi phụ trách",
    jurisdictionProvince: "Toàn tỉnh",
    jurisdictionCommunes: "Một hoặc nhiều xã, phường",
    communes: "Xã, phường phụ trách",
    communesFilter: "Lọc danh sách xã, phường",
    communesFilterHint: "Gõ có dấu hay không dấu đều được.",
    communesChosen: "Đã chọn {n} xã, phường.",
    errorSummary: "Chưa lưu được. Hãy sửa các lỗi sau:",
    required: {
      email: "Hãy nhập địa chỉ thư điện tử hợp lệ.",
      name: "Hãy nhập họ và tên.",
      roles: "Hãy chọn ít nhất một vai trò.",
      jurisdiction: "Hãy chọn phạm vi phụ trách.",
      communes: "Hãy chọn ít nhất một xã, phường.",
    },
    listHeading: "Danh sách cán bộ",
    loading: "Đang tải…",
    loadMore: "Tải thêm",
    listCount: "Đang hiện {n} cán bộ.",
    listEmpty: "Chưa có cán bộ nào.",
    status: "Trạng thái",
    statuses: { invited: "Đã mời, chưa đăng nhập", active: "Đang hoạt động", disabled: "Đã vô hiệu hóa" },
    you: "Tài khoản của bạn: không thể tự sửa vai trò, phạm vi hay trạng thái.",
    edit: "Sửa vai trò, phạm vi",
    disable: "Vô hiệu hóa",
    enable: "Kích hoạt lại",
    confirmDisable: "Vô hiệu hóa tài khoản của {name}? Cán bộ này sẽ bị đăng xuất và không đăng nhập được nữa.",
    confirmEnable: "Kích hoạt lại tài khoản của {name}?",
    confirm: "Xác nhận",
    cancel: "Hủy",
    disabled: "Đã vô hiệu hóa tài khoản của {name}.",
    enabled: "Đã kích hoạt lại tài khoản của {name}.",
    editHeading: "Sửa vai trò và phạm vi",
    editFor: "Cán bộ: {name} ({email})",
    save: "Lưu thay đổi",
    saved: "Đã lưu thay đổi của {name}.",
    conflict: "Người khác vừa thay đổi tài khoản này. Biểu mẫu đang hiện thông tin mới nhất; hãy kiểm tra rồi lưu lại nếu vẫn cần sửa.",

    auditTitle: "Nhật ký truy cập",
    auditLead: "Mọi thao tác trên hồ sơ và tài khoản đều được ghi lại và không thể sửa hay xóa. Mới nhất ở trên cùng.",
    auditFilters: "Lọc nhật ký",
    auditOfficer: "Cán bộ",
    auditAllOfficers: "Tất cả cán bộ",
    auditRecord: "Hồ sơ",
    auditRecordHint: "Bấm vào một hồ sơ trong nhật ký để xem mọi thao tác với hồ sơ đó.",
    auditRoutine: "Hiện cả các lần xem thường lệ (trang của chính mình, các danh sách)",
    auditUnknownOfficer: "Cán bộ không còn trong danh sách",
    auditNoOfficer: "Người chưa đăng nhập",
    auditFilterByRecord: "Xem mọi thao tác với hồ sơ này",
    auditFrom: "Từ ngày",
    auditTo: "Đến ngày",
    auditApply: "Lọc",
    auditReset: "Xóa bộ lọc",
    auditEmpty: "Không có mục nào khớp bộ lọc.",
    auditCount: "Đang hiện {n} mục.",
    auditAt: "Thời điểm",
    auditAction: "Thao tác",
    auditOutcome: "Kết quả",
    auditRequest: "Mã yêu cầu",
    outcomes: { allowed: "Được phép", denied: "Bị từ chối", failed: "Lỗi" },
  },

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
  nav: {
    home: "Home",
    hotlines: "Hotlines",
    communes: "Communes",
    articles: "Learn",
    search: "Search",
    honourRoll: "Honour roll",
    statistics: "Statistics",
    report: "Report",
    reportFollowUp: "Follow up a report",
  },
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
  searchHint: (example: string) => `With or without Vietnamese accents, the new name or an old one from before the 2025 merger, for example: ${example}.`,
  formerNames: "Formed from the former communes:",
  countAll: "{total} communes, wards and special zones.",
  countSome: "{n} of {total} communes, wards and special zones found.",
  countNone: "No commune or ward found. Check the name, or call 113 or 111 for help.",
  communeCode: "Code",
  communeHotlines: "Hotlines",
  trustedAddresses: "Trusted addresses",
  noTrustedAddress: "No trusted address yet.",
  noTrustedAddressHelp: "Where there is no trusted address yet, call",
  or: "or",
  phone: "Phone",
  contactPerson: "Contact",

  officer: {
    areaName: "Officer area",
    nav: "Officer navigation",
    navHome: "Officer home",
    navReports: "Reports",
    navCases: "Cases",
    navNominations: "Commendations",
    navAdminOfficers: "Officers",
    navAudit: "Audit log",
    signOut: "Sign out",
    signedInAs: "Signed in:",
    checkingSession: "Checking your session…",
    needsJs: "The officer pages need JavaScript enabled in the browser.",
    publicSite: "Back to the public site",
    loadError: "The data could not be loaded. Check the network connection and try again.",
    sessionError: "Your session could not be checked (sign-in is not configured, or the network is down). Try again in a few minutes.",
    draftRestored: "What you were typing before you had to sign in again has been restored. Check it and send it again.",
    notAllowed: "This page does not exist or you may not see it.",
    backHome: "Back to the officer home",

    signInTitle: "Officer sign-in",
    signInHeading: "Sign in for officers",
    signInLead:
      "This page is for commune and province officers working on domestic violence prevention. Members of the public do not need to sign in to find help.",
    signInButton: "Sign in",
    signInExpired: "Your session has expired. Sign in again to continue; anything you were typing has been kept.",
    signInFailed: "The sign-in page could not be opened. Try again in a few minutes.",
    signInHelp: "No account yet, or forgot your password? Contact the province administrator.",
    publicHelp: "Need help now? See the hotlines",
    callbackTitle: "Signing in…",
    callbackWorking: "Finishing sign-in, please wait…",
    callbackFailed: "Sign-in failed or took too long. Please sign in again.",
    signInAgain: "Sign in again",
    signedOutTitle: "Signed out",
    signedOutHeading: "You have signed out",
    signedOutText: "Your session has ended in this browser. On a shared computer, close the browser window.",

    homeTitle: "Officer home",
    greeting: "Hello, {name}",
    greetingPlain: "Hello",
    profileHeading: "Your account",
    profileRoles: "Roles",
    profileJurisdiction: "Jurisdiction",
    profileEmail: "E-mail",
    wholeProvince: "Whole province",
    workHeading: "Your work, by role",
    comingSoon: "Coming soon",
    work: {
      reports: { title: "Reports", text: "Take and triage reports of domestic violence in your jurisdiction." },
      cases: { title: "Cases", text: "Open and follow cases: measures, support, referrals, mediation." },
      stats: { title: "Statistics", text: "Figures by commune and by year." },
      nominations: { title: "Commendations", text: "Propose, review and decide commendations." },
      oversight: { title: "Plans and inspections", text: "The plan's tasks, inspections and recommendations, the yearly report." },
      adminOfficers: { title: "Officers", text: "Invite officers, change roles and jurisdictions, disable accounts." },
      audit: { title: "Audit log", text: "Who did what, to which record, and when." },
      preventionDirectory: { title: "Trusted addresses", text: "Add, edit and suspend trusted addresses and hotlines; import a spreadsheet." },
      prevention: { title: "Prevention work", text: "Record awareness activities, home visits and mediations." },
      preventionModels: { title: "Community models and groups", text: "The commune's models and groups: members, families, status; CSV and XLSX." },
      preventionCourses: { title: "Training", text: "Courses, participants, certificates; the commune's staff and the share trained." },
    },
    directoryHeading: "Look up",

    adminTitle: "Officers",
    adminLead: "Invite officers, change their roles and jurisdiction, disable or re-enable accounts. You cannot edit your own account.",
    inviteHeading: "Invite an officer",
    inviteHint: "The officer receives a temporary password by e-mail and must change it at the first sign-in.",
    inviteSubmit: "Send the invitation",
    invited: "{name} ({email}) has been invited. A temporary password was sent to that address.",
    email: "E-mail",
    emailHint: "The officer's work address, e.g. name.commune@ninhbinh.gov.vn",
    name: "Full name",
    roles: "Roles",
    rolesHint: "Choose one or more roles.",
    jurisdiction: "Jurisdiction",
    jurisdictionProvince: "Whole province",
    jurisdictionCommunes: "One or more communes",
    communes: "Communes",
    communesFilter: "Filter the communes",
    communesFilterHint: "With or without Vietnamese accents.",
    communesChosen: "{n} communes chosen.",
    errorSummary: "Not saved yet. Please fix the following:",
    required: {
      email: "Enter a valid e-mail address.",
      name: "Enter the full name.",
      roles: "Choose at least one role.",
      jurisdiction: "Choose a jurisdiction.",
      communes: "Choose at least one commune.",
    },
    listHeading: "All officers",
    loading: "Loading…",
    loadMore: "Load more",
    listCount: "Showing {n} officers.",
    listEmpty: "No officers yet.",
    status: "Status",
    statuses: { invited: "Invited, not signed in yet", active: "Active", disabled: "Disabled" },
    you: "Your own account: you cannot change your own roles, jurisdiction or status.",
    edit: "Change roles, jurisdiction",
    disable: "Disable",
    enable: "Re-enable",
    confirmDisable: "Disable {name}'s account? They will be signed out and cannot sign in any more.",
    confirmEnable: "Re-enable {name}'s account?",
    confirm: "Confirm",
    cancel: "Cancel",
    disabled: "{name}'s account has been disabled.",
    enabled: "{name}'s account has been re-enabled.",
    editHeading: "Change roles and jurisdiction",
    editFor: "Officer: {name} ({email})",
    save: "Save changes",
    saved: "{name}'s changes have been saved.",
    conflict: "Someone else has just changed this account. The form now shows the latest values; check them and save again if still needed.",

    auditTitle: "Audit log",
    auditLead: "Every action on records and accounts is recorded and cannot be edited or deleted. Newest first.",
    auditFilters: "Filter the log",
    auditOfficer: "Officer",
    auditAllOfficers: "All officers",
    auditRecord: "Record",
    auditRecordHint: "Press a record in the log to see everything done with it.",
    auditRoutine: "Also show routine views (one's own page, lists)",
    auditUnknownOfficer: "An officer no longer listed",
    auditNoOfficer: "Someone not signed in",
    auditFilterByRecord: "See everything done with this record",
    auditFrom: "From",
    auditTo: "To",
    auditApply: "Filter",
    auditReset: "Clear filters",
    auditEmpty: "No entries match the filters.",
    auditCount: "Showing {n} entries.",
    auditAt: "Time",
    auditAction: "Action",
    auditOutcome: "Outcome",
    auditRequest: "Request id",
    outcomes: { allowed: "Allowed", denied: "Denied", failed: "Failed" },
  },

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
