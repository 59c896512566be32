/** A user-facing text in Vietnamese (first) and English. */
export interface Bilingual {
  vi: string;
  en: string;
}
