/**
 * The transfers waiting for the signed-in officer's communes (cases and reports), oldest first:
 * what the incoming page lists and the inbox and My work count. Officers with the province's
 * jurisdiction have none (they move records directly).
 */
import type { TransferView } from "../../../../shared/transfers.ts";
import { api } from "./api.ts";
import { type Me, may } from "./me.ts";

export async function incomingTransfers(me: Me): Promise<TransferView[]> {
  if (me.jurisdiction.kind !== "communes" || !may(me, "case:transfer")) return [];
  const lists = await Promise.all(
    me.jurisdiction.communes.flatMap((commune) =>
      (["incoming-cases", "incoming-reports"] as const).map(
        async (list) => (await api<{ items: TransferView[] }>(`/api/communes/${encodeURIComponent(commune)}/${list}`)).items,
      ),
    ),
  );
  return lists.flat().sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
}
