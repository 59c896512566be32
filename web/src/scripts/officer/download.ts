import { currentUser } from "./auth.ts";

/** Fetches a file from the officer API with the officer's token and saves it (exports: XLSX, CSV). */
export async function download(path: string, fileName: string): Promise<boolean> {
  const user = await currentUser();
  const response = await fetch(path, { headers: { authorization: `Bearer ${user?.id_token ?? ""}` } });
  if (!response.ok) return false;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
  return true;
}
