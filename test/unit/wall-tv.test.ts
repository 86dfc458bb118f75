import { describe, expect, it } from "vitest";
import { defaultViews, freshnessText, parseTvConfig, topicsFor, viewId } from "../../lib/wall/tv";

const params = (q: string) => new URLSearchParams(q);
const display = { all: false, campaigns: ["A", "B"] };
const manager = { all: true, campaigns: [] };

describe("parseTvConfig", () => {
  it("reads views, interval and theme", () => {
    const c = parseTvConfig(params("views=campaign:A,campaign:B,leaderboard,queues&every=2&theme=light"), display);
    expect(c.views.map(viewId)).toEqual(["campaign:A", "campaign:B", "leaderboard", "queues"]);
    expect(c.everySec).toBe(2);
    expect(c.theme).toBe("light");
    expect(c.refused).toEqual([]);
  });

  it("defaults: the scope's campaign walls, every 30 s, dark", () => {
    const c = parseTvConfig(params(""), display);
    expect(c.views.map(viewId)).toEqual(["campaign:A", "campaign:B"]);
    expect(c.everySec).toBe(30);
    expect(c.theme).toBe("dark");
    expect(defaultViews(manager).map(viewId)).toEqual(["campaign:*"]);
  });

  it("refuses campaigns out of scope and malformed views; keeps the rest", () => {
    const c = parseTvConfig(params("views=campaign:A,campaign:Z,campaign:*,bogus,campaign:A"), display);
    expect(c.views.map(viewId)).toEqual(["campaign:A"]);
    expect(c.refused).toEqual(["campaign:Z", "campaign:*", "bogus"]);
    expect(parseTvConfig(params("views=campaign:Z,campaign:*"), manager).views.map(viewId)).toEqual(["campaign:Z", "campaign:*"]);
  });

  it("every=0 stops rotation; nonsense falls back to 30 s; tiny values are raised to 2 s", () => {
    expect(parseTvConfig(params("every=0"), display).everySec).toBe(0);
    expect(parseTvConfig(params("every=abc"), display).everySec).toBe(30);
    expect(parseTvConfig(params("every=-5"), display).everySec).toBe(30);
    expect(parseTvConfig(params("every=0.5"), display).everySec).toBe(2);
  });
});

describe("topicsFor", () => {
  it("subscribes each campaign view, and the scope for queues and the leaderboard", () => {
    expect(topicsFor(parseTvConfig(params("views=campaign:A"), display).views, display)).toEqual(["campaign:A"]);
    expect(topicsFor(parseTvConfig(params("views=campaign:A,leaderboard"), display).views, display)).toEqual(["campaign:A", "campaign:B"]);
    expect(topicsFor(parseTvConfig(params("views=queues"), manager).views, manager)).toEqual(["campaign:*"]);
  });
});

describe("freshnessText", () => {
  it("says how old the newest data is, with units", () => {
    expect(freshnessText(null, 1000)).toBe("no data yet");
    expect(freshnessText(1000, 3500)).toBe("updated 2 s ago");
    expect(freshnessText(0, 125_000)).toBe("updated 2 min 05 s ago");
    expect(freshnessText(0, 3_720_000)).toBe("updated 1 h 02 min ago");
    expect(freshnessText(5000, 1000)).toBe("updated 0 s ago");
  });
});
