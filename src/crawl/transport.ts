/**
 * The live transport: one HTTP GET with undici, nothing else. Redirects are not followed here (the fetcher
 * follows them so it can limit, check robots for and record every hop), and the body is streamed so a
 * response past `maxBodyBytes` is cut off instead of filling memory.
 */
import { Agent, request } from "undici";
import type { Transport, TransportResponse } from "./types.js";

/** The response body went past `maxBodyBytes`: outcome `too-large`, never retried. */
export class BodyTooLargeError extends Error {
  constructor(
    readonly url: string,
    readonly limitBytes: number,
  ) {
    super(`body of ${url} exceeds ${limitBytes} bytes`);
    this.name = "BodyTooLargeError";
  }
}

export interface HttpTransport extends Transport {
  close(): Promise<void>;
}

/**
 * Idle keep-alive sockets are kept this long: a polite crawl sends about one request per host per second,
 * so a socket reused within 10 s saves a TCP (and TLS) handshake on most requests to the same host.
 */
const KEEP_ALIVE_MS = 10_000;

/** Flattens undici's `string | string[]` header values; keys are already lower-case. */
function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

export function createHttpTransport(options: { connectionsPerHost?: number } = {}): HttpTransport {
  const agent = new Agent({
    keepAliveTimeout: KEEP_ALIVE_MS,
    // The fetcher sends one request at a time per host; a second connection only helps redirects that
    // come back to the same host while a body is still draining.
    connections: options.connectionsPerHost ?? 2,
  });

  return {
    async request(url, init): Promise<TransportResponse> {
      const response = await request(url, {
        method: "GET",
        headers: init.headers,
        signal: init.signal,
        dispatcher: agent,
      });
      const headers = flattenHeaders(response.headers);
      let consumed = false;
      return {
        status: response.statusCode,
        headers,
        async body() {
          if (consumed) throw new Error(`body of ${url} already read`);
          consumed = true;
          const declared = Number(headers["content-length"]);
          if (Number.isFinite(declared) && declared > init.maxBodyBytes) {
            response.body.destroy();
            throw new BodyTooLargeError(url, init.maxBodyBytes);
          }
          const chunks: Buffer[] = [];
          let received = 0;
          for await (const chunk of response.body) {
            const buffer = chunk as Buffer;
            received += buffer.byteLength;
            if (received > init.maxBodyBytes) {
              response.body.destroy();
              throw new BodyTooLargeError(url, init.maxBodyBytes);
            }
            chunks.push(buffer);
          }
          const joined = Buffer.concat(chunks, received);
          return new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength);
        },
      };
    },
    async close() {
      await agent.close();
    },
  };
}
