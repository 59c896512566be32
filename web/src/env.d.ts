/// <reference types="astro/client" />

/** The validated province file, embedded at build time by the plugin in astro.config.mjs. */
declare module "virtual:pcblgd/province" {
  const province: import("../../shared/province.ts").Province;
  export default province;
}
