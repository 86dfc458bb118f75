import { describe, expect, it } from "vitest";
import { phoneParts } from "../../lib/wall/phone";

const texts = (p: Parameters<typeof phoneParts>[0]) => phoneParts(p).map((x) => x.text);

describe("phoneParts", () => {
  it("nothing without an extension", () => {
    expect(phoneParts({ extension: null, registered: true, dnd: true, phoneState: "ringing" })).toEqual([]);
  });

  it("registration, DND and call state in words", () => {
    expect(texts({ extension: "101", registered: true, dnd: false, phoneState: "idle" })).toEqual(["registered"]);
    expect(texts({ extension: "101", registered: false, dnd: true, phoneState: null })).toEqual(["UNREGISTERED", "DND"]);
    expect(texts({ extension: "101", registered: true, dnd: false, phoneState: "ringing" })).toEqual(["registered", "ringing"]);
    expect(texts({ extension: "101", registered: true, dnd: null, phoneState: "connected" })).toEqual(["registered", "connected"]);
  });

  it("says when the PBX has reported nothing for the phone", () => {
    expect(texts({ extension: "101", registered: null, dnd: null, phoneState: null })).toEqual(["no PBX status"]);
  });

  it("marks what stops a phone ringing as an alert", () => {
    const tones = phoneParts({ extension: "101", registered: false, dnd: true, phoneState: null }).map((p) => p.tone);
    expect(tones).toEqual(["alert", "alert"]);
  });
});
