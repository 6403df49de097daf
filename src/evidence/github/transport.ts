// Every call to GitHub's REST API goes through here: a timeout on each, no call while a rate limit is known
// to be used up, and failures turned into outcomes (never thrown) so a caller can mark the source stale.
import { request as octokitRequest } from "@octokit/request";
import { RateLimitGuard } from "./limits.js";

export type Failure =
  | { readonly kind: "limited"; readonly until: Date }
  | {
      readonly kind: "unavailable";
      readonly reason: string;
      /** GitHub refused the App's own credentials (its id or private key): retrying will not help. */
      readonly appRefused?: true;
    };

/** A 4xx answer other than a rate limit (404 not found or not installed, 401 refused, 422 invalid). */
export type Refused = { readonly kind: "status"; readonly status: number; readonly message: string };

export type Answer<T> =
  | { readonly kind: "ok"; readonly status: number; readonly data: T; readonly link: string | undefined }
  | Refused
  | Failure;

export interface TransportOptions {
  apiUrl: string;
  timeoutMs: number;
  now: () => Date;
}

export type Requester = typeof octokitRequest;

export class Transport {
  readonly guard = new RateLimitGuard();
  /** @octokit/request bound to the API URL and a per-call timeout (also what the App's token calls use). */
  readonly request: Requester;

  constructor(private readonly options: TransportOptions) {
    const timed: typeof fetch = (input, init) => {
      const timeout = AbortSignal.timeout(options.timeoutMs);
      const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      return fetch(input, { ...init, signal });
    };
    this.request = octokitRequest.defaults({
      baseUrl: options.apiUrl.replace(/\/+$/, ""),
      headers: { "x-github-api-version": "2022-11-28" },
      request: { fetch: timed },
    });
  }

  /**
   * One call, authorised by `authorization` (`bearer <jwt>` or `token <token>`), counted under `limitKey` (the
   * App, or an installation). A 4xx other than a rate limit is an answer; 5xx, timeouts and refusals fail.
   */
  async call<T>(
    route: string,
    params: Record<string, unknown>,
    authorization: string,
    limitKey: string,
  ): Promise<Answer<T>> {
    const until = this.guard.limitedUntil(limitKey, this.options.now());
    if (until) return { kind: "limited", until };
    try {
      const res = await this.request(route, { ...params, headers: { authorization } });
      this.guard.observe(limitKey, res.status, res.headers, this.options.now());
      return { kind: "ok", status: res.status, data: res.data as T, link: res.headers.link };
    } catch (err) {
      return this.failure(err, limitKey);
    }
  }

  /** A thrown request error as an outcome: limited, unavailable, or GitHub's 4xx answer. */
  failure(err: unknown, limitKey: string): Refused | Failure {
    const e = err as { status?: number; message?: string; response?: { headers: Record<string, string> } };
    if (!e.response || e.status === undefined) {
      return { kind: "unavailable", reason: `GitHub did not answer (${e.message ?? String(err)})` };
    }
    if (this.guard.observe(limitKey, e.status, e.response.headers, this.options.now(), e.message)) {
      return {
        kind: "limited",
        until: this.guard.limitedUntil(limitKey, this.options.now()) ?? this.options.now(),
      };
    }
    if (e.status >= 500) return { kind: "unavailable", reason: `GitHub answered ${e.status}` };
    return { kind: "status", status: e.status, message: e.message ?? "" };
  }
}

/** The URL of the next page in a Link header, if any. */
export function nextPage(link: string | undefined): string | undefined {
  return link
    ?.split(",")
    .find((part) => /rel="next"/.test(part))
    ?.match(/<([^>]+)>/)?.[1];
}
