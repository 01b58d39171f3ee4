/** Types, config schemas, errors and logging shared by every stage. */
export * from "./app-config.js";
export * from "./config.js";
export * from "./errors.js";
export * from "./log.js";
export * from "./progress.js";
export type * from "./types.js";
