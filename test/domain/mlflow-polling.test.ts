import { describe, expect, it } from "vitest";
import { isMlflowPollDue } from "../../src/domain/mlflow-polling.js";

const NOW = new Date("2026-12-06T12:00:00Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);

describe("isMlflowPollDue", () => {
  it("polls a source never polled, and one polled 15 minutes ago or more", () => {
    expect(isMlflowPollDue(null, NOW)).toBe(true);
    expect(isMlflowPollDue(minutesAgo(15), NOW)).toBe(true);
    expect(isMlflowPollDue(minutesAgo(60), NOW)).toBe(true);
  });

  it("leaves one polled less than 15 minutes ago alone, however the poll went", () => {
    expect(isMlflowPollDue(minutesAgo(14.99), NOW)).toBe(false);
    expect(isMlflowPollDue(NOW, NOW)).toBe(false);
  });
});
