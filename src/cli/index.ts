/** The CLI's public surface (for embedding `yeoron` in another program); `main.ts` is the executable. */

export { runJob } from "./jobs.js";
export { buildProgram, main, VERSION } from "./program.js";
