/**
 * RFC 9457 problem details. Every error an API answers is one of these, in Vietnamese first with
 * English beside it (`title_en`, `detail_en`, `message_en` are extension members).
 */
export interface FieldError {
  /** Where the bad value is: `query.q`, `body.victim.age`, `path.id`. */
  field: string;
  message: string;
  message_en: string;
}

export interface ProblemDocument {
  type: string;
  title: string;
  title_en: string;
  status: number;
  detail?: string;
  detail_en?: string;
  instance?: string;
  errors?: FieldError[];
}

interface ProblemInit {
  status: number;
  type: string;
  title: string;
  titleEn: string;
  detail?: string;
  detailEn?: string;
  errors?: FieldError[];
}

export class HttpProblem extends Error {
  readonly statusCode: number;
  /** middy convention: the message may be shown to the client. */
  readonly expose = true;
  readonly problem: Omit<ProblemDocument, "instance">;

  constructor(init: ProblemInit) {
    super(init.titleEn);
    this.name = "HttpProblem";
    this.statusCode = init.status;
    this.problem = {
      type: `urn:pcblgd:problem:${init.type}`,
      title: init.title,
      title_en: init.titleEn,
      status: init.status,
      ...(init.detail === undefined ? {} : { detail: init.detail }),
      ...(init.detailEn === undefined ? {} : { detail_en: init.detailEn }),
      ...(init.errors === undefined ? {} : { errors: init.errors }),
    };
  }
}

export const problems = {
  validation: (errors: FieldError[]) =>
    new HttpProblem({
      status: 400,
      type: "validation",
      title: "Dữ liệu gửi lên không hợp lệ",
      titleEn: "The request is not valid",
      detail: "Xem danh sách lỗi theo từng trường.",
      detailEn: "See the errors listed per field.",
      errors,
    }),
  notFound: () =>
    new HttpProblem({
      status: 404,
      type: "not-found",
      title: "Không tìm thấy",
      titleEn: "Not found",
      detail: "Địa chỉ API này không tồn tại.",
      detailEn: "There is no such API address.",
    }),
  methodNotAllowed: () => new HttpProblem({ status: 405, type: "method-not-allowed", title: "Phương thức không được phép", titleEn: "Method not allowed" }),
  unsupportedMediaType: () =>
    new HttpProblem({
      status: 415,
      type: "unsupported-media-type",
      title: "Định dạng dữ liệu không được hỗ trợ",
      titleEn: "Unsupported media type",
      detail: "Hãy gửi JSON với Content-Type: application/json.",
      detailEn: "Send JSON with Content-Type: application/json.",
    }),
  malformedJson: () =>
    new HttpProblem({
      status: 400,
      type: "malformed-json",
      title: "Nội dung JSON không đọc được",
      titleEn: "The JSON body cannot be read",
    }),
  tooManyRequests: () =>
    new HttpProblem({ status: 429, type: "too-many-requests", title: "Quá nhiều yêu cầu, hãy thử lại sau", titleEn: "Too many requests, try again later" }),
  serviceUnavailable: () =>
    new HttpProblem({
      status: 503,
      type: "service-unavailable",
      title: "Hệ thống đang bận, hãy thử lại sau ít phút",
      titleEn: "The service is busy, try again in a few minutes",
    }),
  internal: () =>
    new HttpProblem({
      status: 500,
      type: "internal",
      title: "Lỗi hệ thống, chúng tôi đã ghi nhận",
      titleEn: "Internal error; it has been recorded",
    }),
};
