/** The site adapters and how a URL picks one. */
import type { SiteAdapter, SiteId } from "./adapter.js";
import { daumAdapter } from "./daum.js";
import { hankyungAdapter } from "./hankyung.js";
import { naverAdapter } from "./naver.js";
import { yonhapAdapter } from "./yonhap.js";

export type { PageFields, Probe, SiteAdapter, SiteId, SiteSelectors } from "./adapter.js";

export const SITE_ADAPTERS: Readonly<Record<SiteId, SiteAdapter>> = {
  naver: naverAdapter,
  daum: daumAdapter,
  hankyung: hankyungAdapter,
  yonhap: yonhapAdapter,
};

export const SITE_IDS = Object.keys(SITE_ADAPTERS) as SiteId[];

export function isSiteId(value: unknown): value is SiteId {
  return typeof value === "string" && Object.hasOwn(SITE_ADAPTERS, value);
}

/** The adapter whose URL pattern matches, or null for an outlet without one (→ generic extraction). */
export function detectSite(url: string | URL): SiteId | null {
  let parsed: URL;
  try {
    parsed = typeof url === "string" ? new URL(url) : url;
  } catch {
    return null;
  }
  for (const id of SITE_IDS) {
    if (SITE_ADAPTERS[id].matches(parsed)) return id;
  }
  return null;
}
