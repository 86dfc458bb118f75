/**
 * The simulated Vodia PBX's noise: the random things a real PBX's WebSocket carries besides the
 * frames a wallboard wants, which a tolerant client must cope with. With `noise: true` the
 * server (sim/pbx/server.ts) asks this before each frame it sends:
 * - {@link PbxNoise.strayFrame}: now and then an extra text frame first, either WebRTC
 *   signalling (`{"candidate":…}`, `{"sdp":…}`, `{"bye":…}`, …, about 12% of frames), a frame
 *   with an action the wallboard does not use (4%) or text that is not a JSON object (3%);
 * - {@link PbxNoise.flag}: booleans spelled as `true`, `"true"`, `"yes"` or `1`;
 * - {@link PbxNoise.calls}: `call-state.calls` as a bare object instead of a one-item list
 *   (30%).
 *
 * Deterministic: one seeded PRNG (sim/shared/rng.ts) drawn in the order the server asks, so a
 * seed gives the same frame sequence for the same sequence of world changes.
 */
import { pick, seededRandom } from "../shared/rng";

const SIGNALLING_SAMPLES: readonly string[] = [
  JSON.stringify({
    candidate: {
      candidate: "candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 0.0.0.0 rport 0 generation 0",
      sdpMid: "0",
      sdpMLineIndex: 0,
    },
  }),
  JSON.stringify({ sdp: "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\n", type: "answer", id: "webrtc-1" }),
  JSON.stringify({ bye: "webrtc-1", reason: "normal" }),
  JSON.stringify({ ringtones: [{ name: "default", url: "/ringtones/default.wav" }] }),
  JSON.stringify({ info: { dtmf: "5" }, id: "webrtc-1" }),
];
const OTHER_ACTION_SAMPLES: readonly string[] = [
  JSON.stringify({ action: "message-count", count: 1, account: "voicemail" }),
  JSON.stringify({ action: "chat", from: "100", text: "coffee anyone?" }),
  JSON.stringify({ action: "park-state", orbits: [] }),
];
const MALFORMED_SAMPLES: readonly string[] = ["ping", '{"action":"call-state","calls":[{"id":', "[1,2,3]", "null", ""];

export class PbxNoise {
  private readonly rng: () => number;

  /** `seed`: of the noise PRNG (deterministic frame sequence per seed). */
  constructor(seed: number) {
    this.rng = seededRandom(seed);
  }

  /** A frame to send before the next real one, or null (most of the time). */
  strayFrame(): string | null {
    const r = this.rng();
    if (r < 0.12) return pick(this.rng, SIGNALLING_SAMPLES);
    if (r < 0.16) return pick(this.rng, OTHER_ACTION_SAMPLES);
    if (r < 0.19) return pick(this.rng, MALFORMED_SAMPLES);
    return null;
  }

  /** `call-state.calls` for one call frame: usually `[frame]`, sometimes the bare frame. */
  calls<F>(frame: F): F | F[] {
    return this.rng() < 0.3 ? frame : [frame];
  }

  /** A boolean in one of the spellings the wallboard's parser accepts. */
  flag(v: boolean): unknown {
    const r = this.rng();
    if (r < 0.55) return v;
    if (r < 0.7) return String(v);
    if (r < 0.85) return v ? "yes" : "no";
    return v ? 1 : 0;
  }
}
