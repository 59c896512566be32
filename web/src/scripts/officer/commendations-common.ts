/**
 * What the commendation pages share: cycles, commune names, dates, and downloading a file the API
 * answers as an attachment (the DOCX/XLSX dossier, evidence files) with the officer's token.
 */

import type { Cycle as SharedCycle } from "../../../../shared/commendations.ts";
import { dayLabel, vietnamDay } from "../../../../shared/vietnam-time.ts";
import { api, sessionEnded } from "./api.ts";
import { currentUser } from "./auth.ts";

/** A cycle as the public list answers it (without who opened it). */
export type Cycle = Omit<SharedCycle, "createdAt" | "createdBy">;

export interface Commune {
  code: string;
  fullName: string;
}

export async function loadCycles(): Promise<Cycle[]> {
  return (await api<{ items: Cycle[] }>("/api/commendations/cycles")).items;
}

export async function loadCommunes(): Promise<Commune[]> {
  return (await api<{ items: Commune[] }>("/api/communes", { query: { limit: "200" } })).items;
}

/** 2026-03-31 → 31/03/2026 ("" when absent). */
export function dayVi(day: string | undefined): string {
  return day ? dayLabel(day) : "";
}

// Times as the officer pages show them (shared/vietnam-time.ts).
export { vietnamDateTime as timeVi } from "../../../../shared/vietnam-time.ts";

/** Today in Vietnam, yyyy-mm-dd. */
export const todayVi = (): string => vietnamDay();

function fileNameOf(disposition: string | null, fallback: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? "")?.[1];
  if (encoded) return decodeURIComponent(encoded);
  return /filename="([^"]+)"/i.exec(disposition ?? "")?.[1] ?? fallback;
}

/** Fetches a file with the token and hands it to the browser as a download; false when the API refused. */
export async function downloadFile(path: string, fallbackName: string): Promise<boolean> {
  const user = await currentUser();
  if (!user) return sessionEnded();
  const response = await fetch(path, { headers: { authorization: `Bearer ${user.id_token}` }, credentials: "omit", cache: "no-store" });
  if (response.status === 401) return sessionEnded();
  if (!response.ok) return false;
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileNameOf(response.headers.get("content-disposition"), fallbackName);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return true;
}

export { required } from "./dom.ts";

export function option(value: string, label: string): HTMLOptionElement {
  const element = document.createElement("option");
  element.value = value;
  element.textContent = label;
  return element;
}
