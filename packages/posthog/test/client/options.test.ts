import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  deriveApiHost,
  isPostHogError,
  PostHogClient,
  type PostHogClientOptions,
  USER_AGENT,
  VERSION,
} from "./exports.ts";
import { PERSONAL_KEY, PROJECT_TOKEN } from "./support.ts";

const base: PostHogClientOptions = { apiKey: PROJECT_TOKEN };

function invalidOption(options: PostHogClientOptions): { option: string; message: string } {
  const created = PostHogClient.create(options);
  if (created.ok) throw new Error("expected invalid options");
  const error = created.error;
  expect(error.kind).toBe("invalid-options");
  expect(error.message).not.toContain("S3CR3T");
  return { option: error.option, message: error.message };
}

describe("PostHogClient options", () => {
  it("fills the defaults: US cloud, derived API host, @current, 10 s, 6 attempts", () => {
    const client = new PostHogClient(base);
    expect(client.host).toBe("https://us.i.posthog.com");
    expect(client.apiHost).toBe("https://us.posthog.com");
    expect(client.apiKey).toBe(PROJECT_TOKEN);
  });

  it("derives the API host from the ingestion host", () => {
    expect(deriveApiHost("https://us.i.posthog.com")).toBe("https://us.posthog.com");
    expect(deriveApiHost("https://eu.i.posthog.com")).toBe("https://eu.posthog.com");
    expect(deriveApiHost("https://posthog.example.com")).toBe("https://posthog.example.com");
    expect(new PostHogClient({ ...base, host: "https://eu.i.posthog.com/" }).apiHost).toBe(
      "https://eu.posthog.com",
    );
    expect(new PostHogClient({ ...base, host: "http://127.0.0.1:8000" }).apiHost).toBe(
      "http://127.0.0.1:8000",
    );
    expect(
      new PostHogClient({
        ...base,
        host: "https://eu.i.posthog.com",
        apiHost: "https://ph.example.com",
      }).apiHost,
    ).toBe("https://ph.example.com");
  });

  it("refuses a personal key passed as the project token, without printing it", () => {
    const { option, message } = invalidOption({ apiKey: "phx_S3CR3T_personal" });
    expect(option).toBe("apiKey");
    expect(message).toContain("personalApiKey");
    expect(invalidOption({ apiKey: "phs_S3CR3T_key" }).option).toBe("apiKey");
  });

  it("refuses a project token passed as the personal key, and any non-personal key", () => {
    const { option, message } = invalidOption({ ...base, personalApiKey: "phc_S3CR3T_token" });
    expect(option).toBe("personalApiKey");
    expect(message).toContain("`apiKey`");
    expect(invalidOption({ ...base, personalApiKey: "S3CR3T-whatever" }).option).toBe(
      "personalApiKey",
    );
    expect(PostHogClient.create({ ...base, personalApiKey: PERSONAL_KEY }).ok).toBe(true);
    expect(PostHogClient.create({ ...base, personalApiKey: "phs_secret" }).ok).toBe(true);
  });

  it("refuses an empty project token", () => {
    expect(invalidOption({ apiKey: "  " }).option).toBe("apiKey");
    expect(invalidOption({} as PostHogClientOptions).option).toBe("apiKey");
  });

  it("refuses hosts that are not http(s) URLs, naming host or apiHost", () => {
    expect(invalidOption({ ...base, host: "us.i.posthog.com" }).option).toBe("host");
    expect(invalidOption({ ...base, host: "ftp://example.com" }).option).toBe("host");
    expect(invalidOption({ ...base, host: "https://user:pw@example.com" }).option).toBe("host");
    expect(invalidOption({ ...base, apiHost: "not a url" }).option).toBe("apiHost");
    expect(invalidOption({ ...base, host: "ftp://example.com" }).message).toContain(
      '"ftp://example.com"',
    );
  });

  it("refuses negative, zero and non-finite timeouts", () => {
    for (const timeoutMs of [-1, 0, Number.NaN, Number.POSITIVE_INFINITY]) {
      const { option, message } = invalidOption({ ...base, timeoutMs });
      expect(option).toBe("timeoutMs");
      expect(message).toContain(String(timeoutMs));
    }
  });

  it("refuses a retry limit out of 0–10 and impossible delays", () => {
    expect(invalidOption({ ...base, retry: { limit: -1 } }).option).toBe("retry.limit");
    expect(invalidOption({ ...base, retry: { limit: 11 } }).option).toBe("retry.limit");
    expect(invalidOption({ ...base, retry: { limit: 1.5 } }).option).toBe("retry.limit");
    expect(invalidOption({ ...base, retry: { baseDelayMs: -5 } }).option).toBe("retry.baseDelayMs");
    expect(invalidOption({ ...base, retry: { baseDelayMs: 500, maxDelayMs: 100 } }).option).toBe(
      "retry.maxDelayMs",
    );
    expect(invalidOption({ ...base, retry: { maxRetryAfterMs: Number.NaN } }).option).toBe(
      "retry.maxRetryAfterMs",
    );
    expect(PostHogClient.create({ ...base, retry: { limit: 0 } }).ok).toBe(true);
    expect(PostHogClient.create({ ...base, retry: { limit: 10 } }).ok).toBe(true);
  });

  it("refuses a bad project id, http instance or logger", () => {
    expect(invalidOption({ ...base, projectId: -3 }).option).toBe("projectId");
    expect(invalidOption({ ...base, projectId: "1/2" }).option).toBe("projectId");
    expect(invalidOption({ ...base, http: {} as never }).option).toBe("http");
    expect(invalidOption({ ...base, logger: { info: () => {} } as never }).option).toBe("logger");
  });

  it("throws the same PostHogError from the constructor", () => {
    let thrown: unknown;
    try {
      new PostHogClient({ ...base, timeoutMs: -1 });
    } catch (error) {
      thrown = error;
    }
    expect(isPostHogError(thrown, "invalid-options")).toBe(true);
    if (isPostHogError(thrown, "invalid-options")) expect(thrown.option).toBe("timeoutMs");
  });

  it("sends the package version in its User-Agent", () => {
    const manifest = JSON.parse(
      readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
    ) as {
      version: string;
    };
    expect(VERSION).toBe(manifest.version);
    expect(USER_AGENT).toBe(`tsactor-posthog/${manifest.version}`);
  });
});
