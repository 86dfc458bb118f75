import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { PbxSimulator } from "../../sim/pbx/server";
import { PbxDriver, PhoneTrouble } from "../../sim/pbx/driver";
import { CallCentre } from "../../sim/vicidial/call-centre";
import { parsePbxFrame, extensionOf, type CallFrame, type PbxFrame } from "../../lib/sources/vodia/frames";

const USER = "admin";
const PASS = "s3cret-pass";

/** A connected test client that records every frame it receives, parsed. */
interface TestClient {
  ws: WebSocket;
  frames: { text: string; parsed: PbxFrame }[];
  /** Resolves with the first recorded frame (from `from` on) matching `pred`. */
  next<K extends PbxFrame["kind"]>(kind: K, pred?: (f: Extract<PbxFrame, { kind: K }>) => boolean, timeoutMs?: number): Promise<Extract<PbxFrame, { kind: K }>>;
  send(o: unknown): void;
  closed: Promise<number>;
}

const open: WebSocket[] = [];

async function login(sim: PbxSimulator, name = USER, password = PASS): Promise<{ status: number; cookie: string | null; body: unknown }> {
  const res = await fetch(`${sim.httpUrl}/rest/system/session`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ name, password }),
  });
  const body: unknown = await res.json();
  return { status: res.status, cookie: res.headers.get("set-cookie"), body };
}

function connect(url: string, cookie: string | null): Promise<TestClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, cookie === null ? {} : { headers: { Cookie: cookie } });
    open.push(ws);
    const frames: TestClient["frames"] = [];
    const waiters: (() => void)[] = [];
    const closed = new Promise<number>((r) => ws.on("close", (code) => r(code)));
    ws.on("message", (data, isBinary) => {
      if (isBinary) return;
      const text = String(data);
      frames.push({ text, parsed: parsePbxFrame(text) });
      for (const w of waiters.splice(0)) w();
    });
    ws.on("error", reject);
    let cursor = 0;
    const client: TestClient = {
      ws,
      frames,
      closed,
      send: (o) => ws.send(typeof o === "string" ? o : JSON.stringify(o)),
      next: (kind, pred, timeoutMs = 3000) =>
        new Promise((res, rej) => {
          const timer = setTimeout(() => rej(new Error(`no ${kind} frame within ${timeoutMs} ms`)), timeoutMs);
          const check = () => {
            for (; cursor < frames.length; cursor++) {
              const f = frames[cursor]!.parsed;
              if (f.kind === kind && (!pred || pred(f as never))) {
                cursor++;
                clearTimeout(timer);
                res(f as never);
                return;
              }
            }
            waiters.push(check);
          };
          check();
        }),
    };
    ws.on("open", () => resolve(client));
  });
}

/** The HTTP status of a refused upgrade (ws reports it as an error). */
function refusedStatus(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    open.push(ws);
    ws.on("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on("open", () => reject(new Error("upgrade unexpectedly accepted")));
    ws.on("error", () => {});
  });
}

function cookieOf(setCookie: string | null): string {
  expect(setCookie).toMatch(/^session=[^;]+; Path=\/; HttpOnly$/);
  return setCookie!.split(";")[0]!;
}

afterEach(() => {
  for (const ws of open.splice(0)) ws.terminate();
});

describe("PbxSimulator handshake and login", () => {
  const sim = new PbxSimulator({ username: USER, password: PASS, sessions: ["preset-session"] });
  beforeAll(() => sim.start());
  afterAll(() => sim.stop());

  it("refuses the upgrade with HTTP 401 without a cookie or with an unknown one", async () => {
    expect(await refusedStatus(sim.url(), {})).toBe(401);
    expect(await refusedStatus(sim.url(), { Cookie: "session=nope" })).toBe(401);
    expect(await refusedStatus(sim.url(), { Cookie: "other=preset-session" })).toBe(401);
    expect(sim.upgradesRejected).toBe(3);
    expect(sim.clients()).toBe(0);
  });

  it("rejects wrong credentials with 401 and no cookie", async () => {
    const r = await login(sim, USER, "wrong");
    expect(r.status).toBe(401);
    expect(r.cookie).toBeNull();
  });

  it("logs in over REST and the cookie opens the WebSocket", async () => {
    const r = await login(sim);
    expect(r.status).toBe(200);
    const cookie = cookieOf(r.cookie);
    expect(r.body).toEqual({ session: cookie.slice("session=".length) });
    const c = await connect(sim.url("localhost", "wallboard"), `theme=dark; ${cookie}`);
    expect(sim.clients()).toBe(1);
    expect(sim.clientDetails()[0]).toMatchObject({ domain: "localhost", user: "wallboard" });
    c.ws.close();
  });

  it("accepts pre-authorised sessions (constructor and addSession)", async () => {
    await (await connect(sim.url(), "session=preset-session")).ws.close();
    sim.addSession("added-later");
    const c = await connect(sim.url(), "session=added-later");
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe("PbxSimulator frames", () => {
  const sim = new PbxSimulator({ username: USER, password: PASS, sessions: ["s1"] });
  beforeAll(async () => {
    await sim.start();
    sim.addAccount("2001", { name: "Olivia Johnson" });
    sim.addAccount("2002", { dnd: true });
    sim.addAccount("2003", { registered: false });
  });
  afterAll(() => sim.stop());

  it("answers domain-calls with a domain-state that parses into the accounts and calls", async () => {
    const waiting = sim.queueCall({ id: "Y1", from: '"Caller" <sip:+13055550100@localhost>', queue: "700" });
    const out = sim.dialOut({ ext: "2001", to: "+12125550199", name: "Olivia Johnson" });
    const c = await connect(sim.url(), "session=s1");
    c.send({ action: "domain-calls" });
    const ds = await c.next("domain-state");
    expect(ds.accounts.map((a) => [a.account, a.registered, a.dnd, a.chatStatus])).toEqual([
      ["2001", true, false, "online"],
      ["2002", true, true, "busy"],
      ["2003", false, false, "offline"],
    ]);
    const byId = new Map(ds.calls.map((k) => [k.id, k]));
    expect(byId.get(waiting)).toMatchObject({ phase: "waiting", queue: "700", to: "700", agent: null });
    expect(extensionOf(byId.get(waiting)!.from)).toBe("+13055550100");
    expect(byId.get(out)).toMatchObject({ phase: "ringing", queue: null, agent: null, to: "+12125550199" });
    expect(extensionOf(byId.get(out)!.from)).toBe("2001");
    // Unknown fields are on the wire and kept by the parser.
    expect(byId.get(out)!.raw).toMatchObject({ dir: "out", codec: expect.any(String), start: expect.any(Number) });
    sim.hangup(waiting);
    sim.hangup(out);
  });

  it("sends call-state for a queued, ringing, answered, held, retrieved and hung-up call", async () => {
    const c = await connect(sim.url(), "session=s1");
    c.send({ action: "domain-calls" });
    await c.next("domain-state");
    const id = sim.queueCall({ from: "+13055550101", queue: "700" });
    sim.ringAgent(id, "2001");
    sim.answer(id);
    sim.hold(id);
    sim.retrieve(id);
    sim.hangup(id);
    const seen: CallFrame[] = [];
    for (let i = 0; i < 6; i++) seen.push(...(await c.next("call-state")).calls);
    expect(seen.map((k) => [k.id, k.phase, k.agent, k.queue])).toEqual([
      [id, "waiting", null, "700"],
      [id, "ringing", "2001", "700"],
      [id, "connected", "2001", "700"],
      [id, "held", "2001", "700"],
      [id, "connected", "2001", "700"],
      [id, "ended", "2001", "700"],
    ]);
    expect(sim.activeCalls()).toEqual([]);
    c.send({ action: "domain-calls" });
    expect((await c.next("domain-state")).calls).toEqual([]);
  });

  it("goes waiting → connected → ended when answered without ringing", async () => {
    const c = await connect(sim.url(), "session=s1");
    c.send({ action: "domain-calls" });
    await c.next("domain-state");
    const id = sim.queueCall({ id: "Y2", from: "+13055550102", queue: "701" });
    sim.answer(id, "2002");
    sim.hangup(id);
    const phases: string[] = [];
    for (let i = 0; i < 3; i++) phases.push(...(await c.next("call-state")).calls.map((k) => k.phase));
    expect(phases).toEqual(["waiting", "connected", "ended"]);
  });

  it("answers blf with user-state and keeps sending it when those accounts change", async () => {
    const c = await connect(sim.url(), "session=s1");
    c.send({ action: "blf", add: ["2001", "2003"] });
    const first = await c.next("user-state");
    const second = await c.next("user-state");
    expect([first.account.account, second.account.account]).toEqual(["2001", "2003"]);
    expect(second.account.registered).toBe(false);
    sim.setAccount("2003", { registered: true });
    expect((await c.next("user-state")).account).toMatchObject({ account: "2003", registered: true, dnd: false });
    sim.setAccount("2002", { dnd: false }); // not subscribed: nothing
    sim.setAccount("2001", { dnd: true });
    const u = await c.next("user-state");
    expect(u.account).toMatchObject({ account: "2001", dnd: true });
    // The lamp follows the calls on the phone.
    const id = sim.dialOut({ ext: "2001", to: "+13125550100", connected: true });
    expect((await c.next("user-state")).account.raw).toMatchObject({ account: "2001", state: "busy" });
    sim.hangup(id);
    expect((await c.next("user-state")).account.raw).toMatchObject({ account: "2001", state: "idle" });
    // Only user-state frames: this client did not ask for domain-calls.
    expect(c.frames.every((f) => f.parsed.kind === "user-state")).toBe(true);
    sim.setAccount("2001", { dnd: false });
  });

  it("counts keep-alives, ignores unknown and malformed frames, and relays sendRaw", async () => {
    const c = await connect(sim.url(), "session=s1");
    const before = sim.keepAlivesReceived;
    c.send({ action: "avoid-disconnect" });
    c.send({ action: "no-such-thing" });
    c.send("not json at all");
    c.send({ action: "avoid-disconnect" });
    await expect.poll(() => sim.keepAlivesReceived).toBe(before + 2);
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    sim.sendRaw('{"sdp":"v=0"}');
    sim.sendRaw("garbage");
    await expect.poll(() => c.frames.map((f) => f.parsed.kind)).toEqual(["signalling", "malformed"]);
  });
});

describe("PbxSimulator restart", () => {
  const sim = new PbxSimulator({ username: USER, password: PASS, sessions: ["s1"] });
  afterAll(() => sim.stop());

  it("drops clients abruptly on stop() and accepts them again after start() on the same port", async () => {
    const port = await sim.start();
    sim.addAccount("2001");
    const id = sim.dialOut({ ext: "2001", to: "+17025550100", connected: true });
    const c = await connect(sim.url(), "session=s1");
    c.send({ action: "domain-calls" });
    await c.next("domain-state");
    await sim.stop();
    expect(await c.closed).toBe(1006);
    expect(sim.clients()).toBe(0);
    await expect(connect(sim.url(), "session=s1")).rejects.toThrow();

    expect(await sim.start(port)).toBe(port);
    const again = await connect(sim.url(), "session=s1");
    again.send({ action: "domain-calls" });
    const ds = await again.next("domain-state");
    expect(ds.calls.map((k) => [k.id, k.phase])).toEqual([[id, "connected"]]);
    await sim.stop();
    // Without a port, start() reuses the previous one.
    expect(await sim.start()).toBe(port);
  });
});

describe("PbxSimulator noise", () => {
  it("interleaves signalling, unknown and malformed frames; the real ones still parse", async () => {
    const sim = new PbxSimulator({ username: USER, password: PASS, sessions: ["s1"], noise: true, seed: 7 });
    await sim.start();
    try {
      for (let i = 0; i < 5; i++) sim.addAccount(String(2001 + i), { dnd: i % 2 === 0 });
      const c = await connect(sim.url(), "session=s1");
      c.send({ action: "domain-calls" });
      await c.next("domain-state");
      const ids: string[] = [];
      for (let i = 0; i < 40; i++) {
        const id = sim.queueCall({ from: `+1305555${String(i).padStart(4, "0")}`, queue: "700" });
        sim.answer(id, "2001");
        sim.hangup(id);
        ids.push(id);
      }
      c.send({ action: "domain-calls" });
      const ds = await c.next("domain-state");
      expect(ds.accounts.map((a) => a.dnd)).toEqual([true, false, true, false, true]);
      await expect.poll(() => c.frames.filter((f) => f.parsed.kind === "call-state").length).toBe(120);
      const kinds = new Set(c.frames.map((f) => f.parsed.kind));
      expect(kinds).toContain("signalling");
      expect(kinds).toContain("malformed");
      expect(kinds).toContain("other");
      const ended = c.frames.flatMap((f) => (f.parsed.kind === "call-state" ? f.parsed.calls : [])).filter((k) => k.phase === "ended");
      expect(ended.map((k) => k.id)).toEqual(ids);
      expect(sim.framesSent).toBe(c.frames.length);
    } finally {
      await sim.stop();
    }
  });
});

describe("PbxDriver", () => {
  it("mirrors the call centre's calls: same ids, the agent's extension, the campaign's queue", async () => {
    const START = Date.UTC(2025, 10, 21, 9, 0, 0);
    const centre = new CallCentre({ agents: 30, campaigns: 3, seed: 5, speed: 1, startMs: START });
    const sim = new PbxSimulator({ username: USER, password: PASS, sessions: ["s1"], now: () => START });
    await sim.start();
    try {
      const roster = centre.roster();
      const extOf = new Map(roster.map((r) => [r.user, r.extension]));
      expect(new Set(extOf.values()).size).toBe(30);
      expect(roster[0]!.extension).toBe("2001");
      expect(centre.campaignQueues()).toEqual({ SUPPORT: "700" });
      for (const r of roster) sim.addAccount(r.extension, { name: r.fullName });
      const trouble = new PhoneTrouble(sim, roster.map((r) => r.extension), { seed: 3, share: 0.1, everyMs: 60_000 });
      const driver = PbxDriver.fromCentre(sim, centre);
      const c = await connect(sim.url(), "session=s1");
      c.send({ action: "domain-calls" });
      await c.next("domain-state");

      const events = [];
      for (let t = START; t <= START + 30 * 60_000; t += 5000) {
        const step = centre.advance(t);
        driver.handleAll(step.callEvents);
        trouble.tick(t);
        events.push(...step.callEvents);
      }
      expect(trouble.current()).toHaveLength(3);
      const expectedFrames = driver.applied + events.filter((e) => e.type === "answered" && e.campaign === "SUPPORT").length; // + the ringing step
      await expect.poll(() => c.frames.filter((f) => f.parsed.kind === "call-state").length, { timeout: 5000 }).toBe(expectedFrames);

      const pbx = c.frames.flatMap((f) => (f.parsed.kind === "call-state" ? f.parsed.calls : []));
      for (const ev of events.filter((e) => e.type === "answered")) {
        const connected = pbx.find((k) => k.id === ev.callId && k.phase === "connected");
        expect(connected, ev.callId).toBeDefined();
        const ext = extOf.get(ev.user!)!;
        if (ev.campaign === "SUPPORT") expect(connected).toMatchObject({ agent: ext, queue: "700", to: "700" });
        else expect(extensionOf(connected!.from)).toBe(ext);
      }
      for (const ev of events.filter((e) => e.type === "queued" && e.campaign === "SUPPORT")) {
        expect(pbx.find((k) => k.id === ev.callId)).toMatchObject({ phase: "waiting", queue: "700" });
      }
      // Exactly the calls the model has not finished are still up on the PBX.
      const live = new Set<string>();
      for (const e of events) {
        if (e.type === "ended" || e.type === "abandoned" || e.type === "unanswered") live.delete(e.callId);
        else if ((e.type === "queued" && e.campaign === "SUPPORT") || e.type === "dialing" || e.type === "answered") live.add(e.callId);
      }
      expect(new Set(sim.activeCalls().map((k) => k.id))).toEqual(live);
      expect(events.some((e) => e.type === "held")).toBe(true);
    } finally {
      await sim.stop();
    }
  });
});
