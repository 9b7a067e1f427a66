/**
 * The `$feature_flag_called` tracker: one event per distinct id, flag, value and group
 * context; bounded memory evicted one distinct id at a time; minimal events when PostHog's
 * gate is on and the flag is known not to be in an experiment.
 */
import { describe, expect, it } from "vitest";
import { type FlagCalledEvent, FlagCalledTracker } from "../../src/flags/called-tracker.ts";

function setup(maxDistinctIds?: number) {
  const events: FlagCalledEvent[] = [];
  const tracker = new FlagCalledTracker({
    capture: (event) => events.push(event),
    ...(maxDistinctIds === undefined ? {} : { maxDistinctIds }),
  });
  const track = (
    distinctId: string,
    key: string,
    response: boolean | string | undefined,
    extra = {},
  ) =>
    tracker.track({
      distinctId,
      key,
      response,
      properties: { $feature_flag: key, $feature_flag_response: response, team: "growth" },
      ...extra,
    });
  return { events, tracker, track };
}

describe("FlagCalledTracker", () => {
  it("sends the first access of a value with the flag and the response", () => {
    const { events, track } = setup();
    expect(track("u1", "beta-ui", true)).toBe(true);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      distinctId: "u1",
      event: "$feature_flag_called",
      properties: { $feature_flag: "beta-ui", $feature_flag_response: true },
    });
  });

  it("suppresses repeated accesses of the same value", () => {
    const { events, track } = setup();
    track("u1", "beta-ui", true);
    expect(track("u1", "beta-ui", true)).toBe(false);
    expect(events).toHaveLength(1);
  });

  it("sends again when the value, the distinct id or the group context changes", () => {
    const { events, track } = setup();
    track("u1", "beta-ui", true);
    track("u1", "beta-ui", false);
    track("u2", "beta-ui", false);
    track("u2", "beta-ui", false, { groups: { company: "c-1" } });
    track("u2", "beta-ui", false, { groups: { company: "c-2" } });
    expect(events).toHaveLength(5);
  });

  it("treats the same groups in another order as the same context", () => {
    const { events, track } = setup();
    track("u1", "company-beta", true, { groups: { company: "c-123", team: "t-1" } });
    track("u1", "company-beta", true, { groups: { team: "t-1", company: "c-123" } });
    expect(events).toHaveLength(1);
  });

  it("forgets the least recently seen distinct id first, never everyone at once", () => {
    const { events, tracker, track } = setup(2);
    track("a", "f", true);
    track("b", "f", true);
    track("a", "g", true); // a is now the most recently seen
    track("c", "f", true); // evicts b only
    expect(tracker.size).toBe(2);
    expect(track("a", "f", true)).toBe(false);
    expect(track("b", "f", true)).toBe(true);
    expect(events).toHaveLength(5);
  });

  it("keeps only PostHog's allowlist when minimal events are on and the flag has no experiment", () => {
    const { events, tracker } = setup();
    tracker.minimalEvents = true;
    const properties = {
      $feature_flag: "beta-ui",
      $feature_flag_response: true,
      $feature_flag_has_experiment: false,
      utm_source: "google",
      $referrer: "https://google.com/search?q=posthog",
      team: "growth",
    };
    tracker.track({ distinctId: "u1", key: "beta-ui", response: true, properties });
    tracker.track({
      distinctId: "u1",
      key: "exp",
      response: true,
      properties: { ...properties, $feature_flag: "exp", $feature_flag_has_experiment: true },
    });
    tracker.track({
      distinctId: "u1",
      key: "unknown",
      response: true,
      properties: { $feature_flag: "unknown", team: "growth" },
    });
    expect(events[0]?.properties).toEqual({
      $feature_flag: "beta-ui",
      $feature_flag_response: true,
      $feature_flag_has_experiment: false,
      utm_source: "google",
    });
    expect(events[1]?.properties.team).toBe("growth");
    expect(events[2]?.properties.team).toBe("growth");
  });

  it("forgets everything on clear", () => {
    const { events, tracker, track } = setup();
    track("u1", "beta-ui", true);
    tracker.clear();
    expect(tracker.size).toBe(0);
    track("u1", "beta-ui", true);
    expect(events).toHaveLength(2);
  });

  it("survives a capture function that throws", () => {
    const tracker = new FlagCalledTracker({
      capture: () => {
        throw new Error("mailbox full");
      },
    });
    expect(tracker.track({ distinctId: "u", key: "k", response: true, properties: {} })).toBe(true);
  });
});
