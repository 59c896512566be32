/**
 * Calls to the officer API with the ID token as `Authorization: Bearer …`. A 401 (token expired,
 * invalid, or gone) saves the page's forms as a draft and sends the officer to sign in; every
 * other error arrives as an `ApiProblem` carrying the RFC 9457 problem document.
 */
import { currentUser, forgetSession } from "./auth.ts";
import { saveFormsOnPage } from "./page-drafts.ts";
import { signInUrl } from "./return-to.ts";

export interface FieldError {
  field: string;
  message: string;
  message_en: string;
}

export interface Problem {
  type: string;
  title: string;
  title_en?: string;
  status: number;
  detail?: string;
  detail_en?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export class ApiProblem extends Error {
  override name = "ApiProblem";
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.title);
  }
}

/** A promise that never settles: the page is leaving, nothing after the call should run. */
const leaving = new Promise<never>(() => {});

/** Saves the forms and goes to the sign-in page, which brings the officer back here afterwards. */
export async function sessionEnded(): Promise<never> {
  saveFormsOnPage();
  try {
    await forgetSession();
  } finally {
    window.location.replace(signInUrl(`${window.location.pathname}${window.location.search}`, true));
  }
  return leaving;
}

function toProblem(status: number, body: unknown): Problem {
  if (typeof body === "object" && body !== null && typeof (body as Problem).title === "string") return body as Problem;
  return { type: "about:blank", title: `HTTP ${String(status)}`, status };
}

export interface ApiRequest {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  query?: Record<string, string | undefined>;
  signal?: AbortSignal;
}

export async function api<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const user = await currentUser();
  if (!user) return sessionEnded();
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined && value !== "") query.set(name, value);
  const search = query.toString();
  const url = search === "" ? path : `${path}?${search}`;
  const headers: Record<string, string> = { accept: "application/json, application/problem+json", authorization: `Bearer ${user.id_token}` };
  if (request.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(url, {
    method: request.method ?? "GET",
    headers,
    credentials: "omit",
    cache: "no-store",
    ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  if (response.status === 401) return sessionEnded();
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) throw new ApiProblem(response.status, toProblem(response.status, body));
  return body as T;
}
