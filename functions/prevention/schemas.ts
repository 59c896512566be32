import * as z from "zod/mini";
import { kitSchemas as k } from "../lib/kit/index.ts";
import { activityKinds, activityTopics, mediationOutcomes, modelStatuses, modelTypes, sexes, targetGroups } from "./registers.ts";

/**
 * The bodies of the prevention registers (zod/mini, bilingual messages from the kit). A body is the
 * whole record: an edit sends it again with `expectedVersion`.
 */
const { bilingual, calendarDay, text } = k;

const count = (max = 1_000_000) =>
  z
    .number()
    .check(z.refine((value) => Number.isInteger(value) && value >= 0 && value <= max, bilingual(`Số nguyên từ 0 đến ${max}`, `A whole number 0 to ${max}`)));
const birthYear = z
  .number()
  .check(z.refine((value) => Number.isInteger(value) && value >= 1900 && value <= 2100, bilingual("Năm sinh không hợp lệ", "Not a year of birth")));
const phone = z.string().check(z.regex(/^[0-9 .+]{3,20}$/, bilingual("Số điện thoại không hợp lệ", "Not a phone number")));
const sex = z.enum(sexes, bilingual("Giới tính: nữ, nam hoặc khác", "Sex: female, male or other"));

const member = z.strictObject({
  name: text(120),
  role: text(80),
  sex,
  birthYear: z.optional(birthYear),
  phone: z.optional(phone),
  board: z._default(z.boolean(), false),
});

export const modelBody = z
  .strictObject({
    type: z.enum(modelTypes, bilingual("Loại mô hình không hợp lệ", "Unknown kind of model")),
    otherName: z.optional(text(200)),
    name: text(200),
    village: z.optional(text(120)),
    decision: z.optional(z.strictObject({ number: text(60), date: calendarDay })),
    status: z.enum(modelStatuses, bilingual("Trạng thái: hoạt động, tạm dừng hoặc giải thể", "Status: active, paused or dissolved")),
    statusSince: z.optional(calendarDay),
    meetingRhythm: z.optional(text(120)),
    members: z._default(z.array(member).check(z.maxLength(200)), []),
    families: z._default(count(100_000), 0),
  })
  .check(
    z.refine((body) => body.type !== "other" || body.otherName !== undefined, {
      ...bilingual("Mô hình loại khác cần có tên loại", "A model of another kind needs the kind's name"),
      path: ["otherName"],
    }),
  );

export const activityBody = z
  .strictObject({
    date: calendarDay,
    village: z.optional(text(120)),
    kind: z.enum(activityKinds, bilingual("Loại hoạt động không hợp lệ", "Unknown kind of activity")),
    topic: z.optional(z.enum(activityTopics, bilingual("Chủ đề không hợp lệ", "Unknown topic"))),
    topicText: z.optional(text(300)),
    modelId: z.optional(k.recordId),
    targetGroups: z
      .array(z.enum(targetGroups, bilingual("Nhóm đối tượng không hợp lệ", "Unknown target group")))
      .check(z.minLength(1, bilingual("Chọn ít nhất một nhóm đối tượng", "Choose at least one target group"))),
    participants: z.strictObject({ total: count(), men: count(), women: count() }),
    households: z._default(count(), 0),
    materials: z.optional(text(500)),
    notes: z.optional(text(2000)),
  })
  .check(
    z.refine((body) => body.participants.men + body.participants.women <= body.participants.total, {
      ...bilingual("Số nam và nữ cộng lại không được vượt tổng số người tham dự", "Men and women together cannot exceed the participants in total"),
      path: ["participants", "total"],
    }),
    z.refine((body) => body.topic !== undefined || body.topicText !== undefined, {
      ...bilingual("Chọn chủ đề hoặc ghi chủ đề", "Choose a topic or write one"),
      path: ["topic"],
    }),
  );

const party = z.strictObject({ name: text(120), sex: z.optional(sex), birthYear: z.optional(birthYear), role: z.optional(text(60)) });

export const mediationBody = z.strictObject({
  date: calendarDay,
  village: z.optional(text(120)),
  mediators: text(500),
  parties: z.array(party).check(z.minLength(1, bilingual("Ghi ít nhất một bên", "Name at least one party")), z.maxLength(10)),
  conflict: text(2000),
  outcome: z.enum(mediationOutcomes, bilingual("Kết quả: hòa giải thành, không thành hoặc chuyển", "Outcome: reconciled, not reconciled or referred")),
  followUpOn: z.optional(calendarDay),
});

const participant = z.strictObject({
  officerId: z.optional(text(128)),
  name: text(120),
  unit: text(200),
  role: z.optional(text(120)),
  sex,
  commune: z.optional(k.communeCode),
  completed: z._default(z.boolean(), false),
  certificateNumber: z.optional(text(60)),
});

export const courseBody = z
  .strictObject({
    title: text(200),
    organiser: text(200),
    startsOn: calendarDay,
    endsOn: calendarDay,
    topic: text(300),
    targetGroup: text(200),
    legalBasis: z.optional(text(500)),
    participants: z._default(z.array(participant).check(z.maxLength(500)), []),
  })
  .check(
    z.refine((body) => body.endsOn >= body.startsOn, {
      ...bilingual("Ngày kết thúc không trước ngày bắt đầu", "The course cannot end before it starts"),
      path: ["endsOn"],
    }),
  );

export type ModelBody = z.infer<typeof modelBody>;
export type ActivityBody = z.infer<typeof activityBody>;
export type MediationBody = z.infer<typeof mediationBody>;
export type CourseBody = z.infer<typeof courseBody>;

export const registerBodies = { models: modelBody, activities: activityBody, mediations: mediationBody, courses: courseBody } as const;
