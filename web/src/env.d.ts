/// <reference types="astro/client" />

/** The validated province file, embedded at build time by the plugin in astro.config.mjs. */
declare module "virtual:pcblgd/province" {
  const province: import("../../shared/province.ts").Province;
  export default province;
}

/** The province's communes (code, Vietnamese and English full names) for the officer pages' scripts. */
declare module "virtual:pcblgd/communes" {
  const communes: { code: string; name: string; nameEn: string }[];
  export default communes;
}
