import { describe, expect, it } from "vitest";
import type { AlertView } from "../../lib/alerts/types";
import {
  alertConcerns,
  alertSinceText,
  alertTargets,
  applyAlertMessage,
  applyAlertsSnapshot,
  INITIAL_SOUND,
  soundDecision,
  sortAlerts,
} from "../../lib/wall/alerts";

function alert(id: string, patch: Partial<AlertView> = {}): AlertView {
  return { id, type: "calls_waiting", severity: "warning", queue: null, user: null, pbx: null, campaigns: [], message: id, since: 0, value: null, threshold: null, ...patch };
}

describe("alert feed", () => {
  it("a snapshot replaces every alert", () => {
    const m = applyAlertsSnapshot([alert("a"), alert("b")]);
    expect([...m.keys()]).toEqual(["a", "b"]);
    expect([...applyAlertsSnapshot([alert("c")]).keys()]).toEqual(["c"]);
  });

  it("raised and updated upsert by id; cleared removes", () => {
    let m = applyAlertsSnapshot([]);
    m = applyAlertMessage(m, alert("a", { message: "one" }), "raised");
    m = applyAlertMessage(m, alert("b"), "raised");
    m = applyAlertMessage(m, alert("a", { message: "two", severity: "critical" }), "updated");
    expect(m.size).toBe(2);
    expect(m.get("a")).toMatchObject({ message: "two", severity: "critical" });
    m = applyAlertMessage(m, alert("a"), "cleared");
    expect([...m.keys()]).toEqual(["b"]);
  });

  it("an update of an alert the wall missed adds it; clearing an unknown one changes nothing", () => {
    const m = applyAlertsSnapshot([]);
    expect(applyAlertMessage(m, alert("x"), "updated").has("x")).toBe(true);
    expect(applyAlertMessage(m, alert("x"), "cleared")).toBe(m);
  });
});

describe("alert order and targets", () => {
  it("critical first, then oldest first", () => {
    const sorted = sortAlerts([alert("w-new", { since: 30 }), alert("c", { severity: "critical", since: 50 }), alert("w-old", { since: 10 })]);
    expect(sorted.map((a) => a.id)).toEqual(["c", "w-old", "w-new"]);
  });

  it("marks the agents and queues concerned, the strongest severity winning", () => {
    const t = alertTargets([
      alert("1", { user: "u1" }),
      alert("2", { queue: "700", severity: "critical" }),
      alert("3", { queue: "700", severity: "warning" }),
    ]);
    expect(t.users.get("u1")).toBe("warning");
    expect(t.queues.get("700")).toBe("critical");
  });

  it("an alert without campaigns concerns every wall", () => {
    expect(alertConcerns(alert("pbx"), ["A"])).toBe(true);
    expect(alertConcerns(alert("q", { campaigns: ["B"] }), ["A"])).toBe(false);
    expect(alertConcerns(alert("q", { campaigns: ["B"] }), null)).toBe(true);
  });

  it("says when the alert began and how long ago, with units", () => {
    const since = Date.UTC(2026, 0, 1, 10, 3, 12);
    expect(alertSinceText(since, since + 125_000, "UTC")).toBe("since 10:03:12 (2:05 ago)");
    expect(alertSinceText(since, null, "UTC")).toBe("since 10:03:12");
  });
});

describe("alert sound", () => {
  const opts = { muted: false, repeatSec: 60 };

  it("sounds when an alert is raised, then again only every repeat interval", () => {
    let s = INITIAL_SOUND;
    let d = soundDecision(s, [alert("a")], 1000, opts);
    expect(d.play).toBe(true);
    s = d.state;
    d = soundDecision(s, [alert("a")], 30_000, opts);
    expect(d.play).toBe(false);
    s = d.state;
    d = soundDecision(s, [alert("a")], 61_000, opts);
    expect(d.play).toBe(true);
    s = d.state;
    // A new alert sounds at once, whatever the interval.
    d = soundDecision(s, [alert("a"), alert("b")], 62_000, opts);
    expect(d.play).toBe(true);
  });

  it("is silent with no alert and when muted; alerts raised while muted do not replay on unmute", () => {
    expect(soundDecision(INITIAL_SOUND, [], 0, opts).play).toBe(false);
    const muted = soundDecision(INITIAL_SOUND, [alert("a")], 1000, { ...opts, muted: true });
    expect(muted.play).toBe(false);
    expect(soundDecision(muted.state, [alert("a")], 2000, opts).play).toBe(false);
    expect(soundDecision(muted.state, [alert("a")], 62_000, opts).play).toBe(true);
  });

  it("an alert cleared and raised again sounds again", () => {
    const a = soundDecision(INITIAL_SOUND, [alert("a")], 0, opts).state;
    const none = soundDecision(a, [], 1000, opts).state;
    expect(soundDecision(none, [alert("a")], 2000, opts).play).toBe(true);
  });
});
