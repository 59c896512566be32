import { httpFunction } from "../lib/http.ts";

export const handler = httpFunction("reports", {});
