import { describe, expect, it } from "vitest";
import type { AgentView } from "../../lib/agents/view";
import { fitName, fitParts, linesThatFit, nameVariants, shorten, stateLineScale, tileContent, tileDescription, tileHeightEm, type TilePart } from "../../lib/wall/tile";
import { fitGrid } from "../../lib/wall/layout";

/** A fake font: every character 10 px wide. */
const measure = (t: string) => t.length * 10;

const agent = (patch: Partial<AgentView> = {}): AgentView => ({
  user: "1001", name: "Ann Lee", campaign: "SALES", team: null, state: "PAUSED", stateSince: 0, pauseCode: "BREAK", leadId: "42", disposition: null,
  lastEvent: "call_script", lastMessage: null, lastEventAt: 0, notice: null, stale: false, extension: "2001", registered: true, dnd: false, phoneState: "idle", phoneMismatch: null, ...patch,
});

describe("tile lines", () => {
  it("shows whole optional lines only, most important first", () => {
    const all = ["detail", "phone", "figures", "lead", "last"] as const;
    const font = 20;
    expect(linesThatFit(tileHeightEm(0) * font + 1, font, all)).toEqual([]);
    expect(linesThatFit(tileHeightEm(2) * font + 1, font, all)).toEqual(["detail", "phone"]);
    // Half a line's room more is not a line.
    expect(linesThatFit((tileHeightEm(2) + 0.5) * font + 1, font, all)).toEqual(["detail", "phone"]);
    expect(linesThatFit(tileHeightEm(5) * font + 1, font, all)).toEqual([...all]);
    // A line with nothing to say leaves its room to the next.
    expect(linesThatFit(tileHeightEm(2) * font + 1, font, ["phone", "last"])).toEqual(["phone", "last"]);
  });

  it("says events in words, not VICIdial's names", () => {
    const c = tileContent(agent({ notice: { event: "callback_select_open", message: null, at: 0 }, lastEvent: "callback_select_open" }), { serverNow: 1000, callsToday: 3 });
    expect(c.detail.map((p) => p.text)).toEqual(["BREAK", "callback screen"]);
    expect(c.last).toEqual([]); // the notice already says it
    expect(c.figures.map((p) => p.text)).toEqual(["3 calls today"]);
    expect(c.lead.map((p) => p.text)).toEqual(["lead 42"]);
    expect(tileContent(agent(), { serverNow: 5000 }).last.map((p) => p.text)).toEqual(["script opened", "0:05 ago"]);
  });

  it("puts a phone mismatch first and never drops it", () => {
    const c = tileContent(agent({ phoneMismatch: "in call but phone idle", state: "INCALL", pauseCode: null }), { serverNow: 0 });
    expect(c.detail[0]).toMatchObject({ text: "⚠ in call but phone idle", drop: 0, tone: "alert" });
  });
});

describe("text that does not fit is shortened, never cut", () => {
  it("drops the least important parts first, then shortens the last one left", () => {
    const parts: TilePart[] = [{ text: "☎ 2001", drop: 0 }, { text: "ringing", drop: 2 }, { text: "DND", drop: 1, tone: "alert" }];
    expect(fitParts(parts, 1000, measure).map((p) => p.text)).toEqual(["☎ 2001", "ringing", "DND"]);
    expect(fitParts(parts, 120, measure).map((p) => p.text)).toEqual(["☎ 2001", "DND"]);
    expect(fitParts(parts, 60, measure).map((p) => p.text)).toEqual(["☎ 2001"]);
    const cut = fitParts(parts, 40, measure);
    expect(cut.map((p) => p.text)).toEqual(["☎ 2…"]);
    expect(cut[0]!.full).toBe("☎ 2001");
    expect(measure(cut[0]!.text)).toBeLessThanOrEqual(40);
  });

  it("measures a part in the alert tone as drawn (heavier type, padded box), so a shortened warning fits its line", () => {
    // Line text 6 px a character; the alert tone 7 px a character and 8 px of padding.
    const line = (t: string) => [...t].length * 6;
    const alert = { measure: (t: string) => [...t].length * 7, padding: 8 };
    const warning: TilePart[] = [{ text: "⚠ in call but phone idle", drop: 0, tone: "alert" }];
    const drawn = (ps: TilePart[]) => ps.reduce((w, p) => w + (p.tone === "alert" ? alert.measure(p.text) + alert.padding : line(p.text)), 0);
    // Measured as line text, the shortened warning is wider than the line once drawn.
    expect(drawn(fitParts(warning, 100, line))).toBeGreaterThan(100);
    const cut = fitParts(warning, 100, line, " · ", alert);
    expect(cut[0]!.text).toBe("⚠ in call bu…");
    expect(drawn(cut)).toBeLessThanOrEqual(100);
    // Beside another part, the separator counts too, and the less important part goes first.
    const two: TilePart[] = [{ text: "☎ 2001", drop: 0 }, { text: "DND", drop: 1, tone: "alert" }];
    expect(fitParts(two, 6 * 6 + 3 * 6 + 3 * 7 + 8, line, " · ", alert).map((p) => p.text)).toEqual(["☎ 2001", "DND"]);
    expect(fitParts(two, 6 * 6 + 3 * 6 + 3 * 7 + 7, line, " · ", alert).map((p) => p.text)).toEqual(["☎ 2001"]);
  });

  it("abbreviates names the way people do before cutting them", () => {
    expect(nameVariants("Maria Fernanda Lopez")).toEqual(["Maria Fernanda Lopez", "Maria F. Lopez", "Maria L.", "M. Lopez", "Maria", "ML"]);
    expect(fitName("Maria Fernanda Lopez", 200, measure)).toBe("Maria Fernanda Lopez");
    expect(fitName("Maria Fernanda Lopez", 140, measure)).toBe("Maria F. Lopez");
    expect(fitName("Maria Fernanda Lopez", 80, measure)).toBe("Maria L.");
    expect(fitName("Maria Fernanda Lopez", 15, measure)).toBe("");
    expect(shorten("Supercalifragilistic", 60, measure)).toBe("Super…");
  });

  it("scales a long state word rather than the timer, down to a floor", () => {
    expect(stateLineScale(60, 40, 10, 200)).toBe(1);
    expect(stateLineScale(100, 40, 10, 110)).toBe(0.6);
    expect(stateLineScale(100, 40, 10, 130)).toBe(0.8);
  });
});

describe("legibility floor", () => {
  it("gives up optional lines before letting state and timer fall below 1/60 of the screen", () => {
    // 60 agents on the all-campaigns wall at 1920×1080 (box under the header, strip, toolbar, beside the calls panel).
    const f = fitGrid({ groups: [60], width: 1400, height: 760, gap: 6, headersHeight: 0, minStateFontPx: 18 });
    expect(f.legible).toBe(true);
    expect(f.fontSize * 1.35).toBeGreaterThanOrEqual(18);
    const noFloor = fitGrid({ groups: [60], width: 1400, height: 760, gap: 6, headersHeight: 0 });
    expect(noFloor.optionalLines).toBeGreaterThanOrEqual(f.optionalLines);
  });

  it("says when even a compact tile cannot meet it (500 agents on 1080p): readable minimum instead, flagged", () => {
    const f = fitGrid({ groups: [500], width: 1900, height: 980, gap: 3, headersHeight: 0, minStateFontPx: 18 });
    expect(f.variant).toBe("compact");
    expect(f.legible).toBe(false);
    expect(f.fits).toBe(true);
  });
});

describe("tileDescription", () => {
  it("says everything the tile says, with the timer's unit", () => {
    const label = { status: "PAUSED", detail: "BREAK" };
    expect(tileDescription(agent(), label, "2:05", {})).toBe("Ann Lee: PAUSED BREAK, 2:05 (min:s) in state");
    expect(tileDescription(agent({ phoneMismatch: "ready but phone unregistered" }), { status: "READY", detail: null }, "0:07", { showCampaign: true, noticeWords: "script opened", alert: "critical" })).toBe(
      "Ann Lee: READY, 0:07 (min:s) in state, campaign SALES, phone mismatch: ready but phone unregistered, script opened, critical alert",
    );
  });
});
