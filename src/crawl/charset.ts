/**
 * Bytes → text for fetched pages, feeds and API answers, the way a browser would do it (WHATWG encoding
 * sniffing, simplified): BOM → Content-Type charset → XML declaration or `<meta>` prescan → UTF-8.
 *
 * The BOM comes first, as in the WHATWG "decode" algorithm: a server that says `charset=euc-kr` over bytes
 * that begin with a UTF-8 BOM is wrong about its own file, the bytes are not.
 *
 * Korean pages labelled EUC-KR routinely contain CP949 (UHC) syllables that EUC-KR cannot encode (똠, 햏 …);
 * WHATWG's "EUC-KR" decoder is really windows-949, so every Korean label decodes as CP949 with iconv-lite.
 */
import iconv from "iconv-lite";

export interface DecodedBody {
  text: string;
  /** Canonical lower-case name of the encoding that decoded `text` (`utf-8`, `euc-kr`, …). */
  charset: string;
}

/**
 * How far into the body the `<meta>` prescan looks. WHATWG says 1024 bytes; Korean portal pages often
 * carry long inline scripts before their `<meta>`, so we look further, as Chromium's 4 KiB-ish sniff does.
 */
const PRESCAN_BYTES = 4096;

const KOREAN_LABELS = new Set([
  "euc-kr",
  "euckr",
  "cp949",
  "ms949",
  "uhc",
  "windows-949",
  "x-windows-949",
  "ks_c_5601-1987",
  "ks_c_5601-1989",
  "ks_c_5601",
  "ksc5601",
  "ksc_5601",
  "korean",
  "csksc56011987",
  "csueckr",
  "iso-ir-149",
]);

const UTF8_LABELS = new Set([
  "utf-8",
  "utf8",
  "unicode-1-1-utf-8",
  "unicode11utf8",
  "unicode20utf8",
  "x-unicode20utf8",
]);

/** WHATWG maps these to windows-1252, a superset that browsers actually apply to "Latin-1" pages. */
const LATIN1_LABELS = new Set([
  "iso-8859-1",
  "iso8859-1",
  "latin1",
  "l1",
  "us-ascii",
  "ascii",
  "cp1252",
  "windows-1252",
]);

/** The encoding a label names, or null when we cannot decode it (then sniffing goes on). */
export function resolveCharset(label: string | null | undefined): string | null {
  if (!label) return null;
  const name = label
    .trim()
    .replace(/^["']|["']$/g, "")
    .trim()
    .toLowerCase();
  if (name === "") return null;
  if (UTF8_LABELS.has(name)) return "utf-8";
  if (KOREAN_LABELS.has(name)) return "euc-kr";
  if (LATIN1_LABELS.has(name)) return "windows-1252";
  if (name === "utf-16" || name === "utf-16le") return "utf-16le";
  if (name === "utf-16be") return "utf-16be";
  return iconv.encodingExists(name) ? name : null;
}

/** The `charset` parameter of a Content-Type header value. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const match = /;\s*charset\s*=\s*("[^"]*"|'[^']*'|[^;\s]+)/i.exec(contentType);
  return match?.[1] ? match[1].replace(/^["']|["']$/g, "") : null;
}

function charsetFromBom(bytes: Uint8Array): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return "utf-16le";
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  return null;
}

/** Reads bytes as Latin-1, so every byte is one char and ASCII markup can be matched with regexes. */
function asciiView(bytes: Uint8Array, limit: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, limit)).toString("latin1");
}

/** `encoding="…"` of a leading `<?xml …?>` declaration; `undefined` when the body is not XML. */
function xmlDeclaration(head: string): string | null | undefined {
  const decl = /^\s*<\?xml\s[^>]*?\?>/i.exec(head);
  if (!decl) return /^\s*<\?xml\s/i.test(head) ? null : undefined;
  const encoding = /\bencoding\s*=\s*["']([^"']+)["']/i.exec(decl[0]);
  return encoding?.[1] ?? null;
}

function parseAttributes(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const attributePattern = /([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g;
  for (const match of tag.slice(5).matchAll(attributePattern)) {
    const name = match[1]?.toLowerCase();
    if (!name || attributes.has(name)) continue;
    attributes.set(name, (match[2] ?? "").replace(/^["']|["']$/g, ""));
  }
  return attributes;
}

/** WHATWG "prescan a byte stream": the first `<meta charset>` or http-equiv Content-Type outside comments. */
export function charsetFromMeta(head: string): string | null {
  const withoutComments = head.replace(/<!--[\s\S]*?(?:-->|$)/g, "");
  for (const tag of withoutComments.matchAll(/<meta[\s/][^>]*>?/gi)) {
    const attributes = parseAttributes(tag[0]);
    const direct = attributes.get("charset");
    if (direct) return direct;
    const isContentTypePragma = attributes.get("http-equiv")?.trim().toLowerCase() === "content-type";
    const content = attributes.get("content");
    if (isContentTypePragma && content) {
      const fromContent = /charset\s*=\s*["']?([^"';\s]+)/i.exec(content);
      if (fromContent?.[1]) return fromContent[1];
    }
  }
  return null;
}

function decodeWith(bytes: Uint8Array, charset: string): string {
  if (charset === "utf-8") return new TextDecoder("utf-8").decode(bytes);
  if (charset === "euc-kr") return iconv.decode(bytes, "cp949");
  return iconv.decode(bytes, charset);
}

/** Decodes a response body: BOM → header charset → XML declaration / `<meta>` prescan → UTF-8. Pure. */
export function decodeBody(bytes: Uint8Array, contentType?: string | null): DecodedBody {
  const head = asciiView(bytes, PRESCAN_BYTES);
  const xmlEncoding = xmlDeclaration(head);
  const sniffed =
    xmlEncoding === undefined
      ? resolveCharset(charsetFromMeta(head))
      : // An XML document without an encoding declaration is UTF-8 by the XML spec; a `<meta>` inside its
        // CDATA describes some other document.
        resolveCharset(xmlEncoding);
  // ASCII-compatible markup that claims UTF-16 cannot be UTF-16 (WHATWG prescan rule).
  const sniffedUsable = sniffed?.startsWith("utf-16") ? "utf-8" : sniffed;
  const charset =
    charsetFromBom(bytes) ?? resolveCharset(charsetFromContentType(contentType)) ?? sniffedUsable ?? "utf-8";
  return { text: decodeWith(bytes, charset), charset };
}
