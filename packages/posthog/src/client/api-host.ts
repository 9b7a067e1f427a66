/**
 * Where the private API lives, given the ingestion host. PostHog Cloud ingests on
 * `us.i.posthog.com` / `eu.i.posthog.com` and serves its private API on `us.posthog.com` /
 * `eu.posthog.com`; a self-hosted instance serves both on the same host.
 */

/**
 * Derives the private-API host from the ingestion host.
 *
 * @param host - The ingestion host, an http(s) URL without a trailing slash.
 * @returns `https://us.posthog.com` for `https://us.i.posthog.com`, `https://eu.posthog.com`
 * for `https://eu.i.posthog.com`, otherwise `host` unchanged.
 * @example
 * ```ts
 * deriveApiHost("https://eu.i.posthog.com"); // "https://eu.posthog.com"
 * deriveApiHost("https://ph.example.com");   // "https://ph.example.com"
 * ```
 */
export function deriveApiHost(host: string): string {
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    return host;
  }
  const match = /^(us|eu)\.i\.posthog\.com$/i.exec(url.hostname);
  if (match === null) return host;
  url.hostname = `${match[1]?.toLowerCase()}.posthog.com`;
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}
