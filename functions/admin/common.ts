/** What the admin function (profile, audit log) and the officers function (officer administration) both use. */

import type { DynamoCommuneReader } from "../directory/repository.ts";
import { toCommuneEntry } from "../directory/service.ts";
import { kitSchemas } from "../lib/kit/index.ts";
import type { CommuneLookup } from "./profile.ts";

/** The province's communes by code, from the directory table: the display names the profile and the officer rules use. */
export function communeLookup(store: Pick<DynamoCommuneReader, "getCommune">): CommuneLookup {
  return {
    commune: async (code) => {
      const found = await store.getCommune(code);
      if (found === undefined) return undefined;
      const entry = toCommuneEntry(found);
      return { code: entry.code, fullName: entry.fullName, fullNameEn: entry.fullNameEn };
    },
  };
}

/** An officer's id (the token's `sub`) in a path or a filter: both the admin and the officers function take it. */
export const officerId = kitSchemas.matching(/^[A-Za-z0-9-]{1,128}$/, "Mã cán bộ không hợp lệ", "Not a valid officer id");
