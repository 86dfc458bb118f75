/**
 * mapText (lib/queries/history/agent-days.ts): the pause-code and disposition text of the agents
 * report and its CSV. The stored JSON keeps keys in the order they were written, so the text
 * must not depend on it.
 */
import { describe, expect, it } from "vitest";
import { mapText } from "../../lib/queries/history/agent-days";

describe("mapText", () => {
  it("sorts by the text shown, the code-less \"\" (shown as none) before a code named none, whatever the stored order", () => {
    const a = JSON.parse('{"none": 600.45, "": 0.2, "LUNCH": 1799.5, "__proto__": 1}') as Record<string, number>;
    const b = JSON.parse('{"LUNCH": 1799.5, "": 0.2, "__proto__": 1, "none": 600.45}') as Record<string, number>;
    expect(mapText(a)).toBe("LUNCH=1800;__proto__=1;none=0;none=600");
    expect(mapText(b)).toBe(mapText(a));
  });

  it("keeps counts as they are when asked not to round", () => {
    expect(mapText({ SALE: 2, NI: 1.5 }, false)).toBe("NI=1.5;SALE=2");
    expect(mapText({})).toBe("");
  });
});
