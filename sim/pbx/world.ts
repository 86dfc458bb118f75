/**
 * The simulated Vodia PBX's world: its accounts (extensions) and its active calls, with the
 * moves a PBX makes on them (a caller queues, an agent's phone rings and answers, hold,
 * hang-up, dial-outs). No sockets and no randomness here: {@link PbxSimulator}
 * (sim/pbx/server.ts) serves this state over the PBX's protocol, and sim/pbx/noise.ts adds
 * the stray frames; sim/pbx/driver.ts moves the world from the call-centre model.
 *
 * Shapes:
 * - An account is `{account, registered, dnd, chatstatus, name, state}` ({@link SimAccount});
 *   its `state` is the BLF lamp, derived from the calls on that phone, never stored.
 * - A call is held as {@link WorldCall} and shown as {@link SimCallFrame}, exactly the frame
 *   the PBX puts in `domain-state.calls` / `call-state.calls`. Queue calls have `to` = `queue`
 *   = the queue id and go "waiting" → "ringing" (`agent` = the offered extension) →
 *   "connected" (`agent` = the answering extension) ⇄ "hold" → "disconnected". Dial-outs have
 *   `from` = the agent's extension (plain or `"Name" <sip:EXT@domain>`), `to` = the number, no
 *   `queue` and no `agent`. `start` is Unix seconds on the world's clock (`now`, ms).
 *
 * Every change calls {@link PbxWorld.accountChanged} or {@link PbxWorld.callChanged}, hooks a
 * subclass (the server) overrides to tell its clients. Methods throw on an unknown call id or a
 * call in the wrong state (a test's mistake should be loud); use {@link PbxWorld.hasCall} first.
 */

/** The PBX's words for call progress, as sent in `callstate`. */
export type SimCallState = "waiting" | "ringing" | "connected" | "hold" | "disconnected";

/** One account (extension) as the simulator holds it. */
export interface SimAccount {
  account: string;
  registered: boolean;
  dnd: boolean;
  /** "online" / "busy" / "offline" unless set explicitly. */
  chatstatus: string;
  name: string | null;
  /** BLF lamp derived from the active calls: ringing, busy (connected or on hold) or idle. */
  state: "idle" | "ringing" | "busy";
}

/** A call frame exactly as it goes on the wire in `domain-state.calls` / `call-state.calls`. */
export interface SimCallFrame {
  id: string;
  from: string;
  to: string;
  callstate: SimCallState;
  queue?: string;
  agent?: string;
  dir: "in" | "out";
  /** Unix seconds (simulator clock) when the call started. */
  start: number;
  codec: string;
  [extra: string]: unknown;
}

export interface PbxWorldOptions {
  /** Tenant domain used in SIP URIs and `user-state.domain`; default "localhost". */
  domain?: string;
  /** Clock for `start` fields, ms since the Unix epoch; default Date.now. */
  now?: () => number;
}

/** One active call as the world holds it. */
interface WorldCall {
  id: string;
  from: string;
  to: string;
  callstate: SimCallState;
  queue: string | null;
  agent: string | null;
  /** The extension whose phone carries the call (agent of a queue call, caller of a dial-out). */
  phone: string | null;
  dir: "in" | "out";
  startMs: number;
  codec: string;
  extra: Record<string, unknown>;
}

interface WorldAccount {
  account: string;
  registered: boolean;
  dnd: boolean;
  chatstatus: string | null;
  name: string | null;
}

export class PbxWorld {
  readonly domain: string;

  private readonly now: () => number;
  private readonly accountMap = new Map<string, WorldAccount>();
  private readonly callMap = new Map<string, WorldCall>();
  private nextCall = 1;

  constructor(opts: PbxWorldOptions = {}) {
    this.domain = opts.domain ?? "localhost";
    this.now = opts.now ?? Date.now;
  }

  // -- hooks -----------------------------------------------------------------------------------

  /** An account was added or changed. The world alone tells nobody. */
  protected accountChanged(_ext: string): void {}

  /**
   * A call changed (`frame` is its new frame; "disconnected" is its last). `lampsMoved` are the
   * extensions whose BLF lamp changed with it, in the order to tell them; `endedCallId` is the
   * call's id when it just ended (it is still listed until the hook returns: leave it out of
   * lamps with {@link accountView}'s `excludingCall`), else null.
   */
  protected callChanged(_frame: SimCallFrame, _lampsMoved: readonly string[], _endedCallId: string | null): void {}

  // -- accounts --------------------------------------------------------------------------------

  /** Adds (or replaces) an extension; defaults: registered, not DND. Notifies subscribers. */
  addAccount(ext: string, opts: { registered?: boolean; dnd?: boolean; name?: string | null; chatstatus?: string | null } = {}): void {
    this.accountMap.set(ext, {
      account: ext,
      registered: opts.registered ?? true,
      dnd: opts.dnd ?? false,
      chatstatus: opts.chatstatus ?? null,
      name: opts.name ?? null,
    });
    this.accountChanged(ext);
  }

  /**
   * Changes an account's registration / DND / chat status and sends `user-state` to clients
   * subscribed to it by `blf` and to `domain-calls` subscribers. Unknown accounts are added.
   */
  setAccount(ext: string, patch: { registered?: boolean; dnd?: boolean; chatstatus?: string | null; name?: string | null }): void {
    const a = this.accountMap.get(ext);
    if (!a) return this.addAccount(ext, patch);
    if (patch.registered !== undefined) a.registered = patch.registered;
    if (patch.dnd !== undefined) a.dnd = patch.dnd;
    if (patch.chatstatus !== undefined) a.chatstatus = patch.chatstatus;
    if (patch.name !== undefined) a.name = patch.name;
    this.accountChanged(ext);
  }

  /** Every account as the simulator sees it now. */
  accounts(): SimAccount[] {
    return this.accountIds().map((ext) => this.accountView(ext));
  }

  /** The extensions of every account, in the order they were added. */
  accountIds(): string[] {
    return [...this.accountMap.keys()];
  }

  /**
   * One account as seen now (an unknown one: unregistered, offline, idle); its lamp leaves out
   * `excludingCall`.
   */
  accountView(ext: string, excludingCall: string | null = null): SimAccount {
    const a = this.accountMap.get(ext);
    const registered = a?.registered ?? false;
    const dnd = a?.dnd ?? false;
    return {
      account: ext,
      registered,
      dnd,
      chatstatus: a?.chatstatus ?? (!registered ? "offline" : dnd ? "busy" : "online"),
      name: a?.name ?? null,
      state: this.lamp(ext, excludingCall),
    };
  }

  // -- calls -----------------------------------------------------------------------------------

  /**
   * A caller enters queue `queue`: `callstate` "waiting", `to` = `queue` = the queue id.
   * `from` is sent verbatim (a number or a SIP-style party). Returns the call id.
   */
  queueCall(opts: { id?: string; from: string; queue: string; extra?: Record<string, unknown> }): string {
    const call = this.newCall(opts.id, {
      from: opts.from,
      to: opts.queue,
      callstate: "waiting",
      queue: opts.queue,
      agent: null,
      phone: null,
      dir: "in",
      extra: opts.extra ?? {},
    });
    this.tellCall(call, null);
    return call.id;
  }

  /** Offers a waiting queue call to `ext`'s phone: "ringing" with `agent` = ext. */
  ringAgent(id: string, ext: string): void {
    const call = this.call(id);
    if (call.queue === null) throw new Error(`call ${id} is not a queue call`);
    if (call.callstate !== "waiting" && call.callstate !== "ringing") throw new Error(`call ${id} is ${call.callstate}, cannot ring an agent`);
    this.update(call, () => {
      call.callstate = "ringing";
      call.agent = ext;
      call.phone = ext;
    });
  }

  /**
   * Connects a call. Queue calls: to `ext` (default: the agent it is ringing), which becomes
   * `agent`. Dial-outs: the called party answered (`ext` is ignored).
   */
  answer(id: string, ext?: string): void {
    const call = this.call(id);
    if (call.callstate === "connected" || call.callstate === "hold") throw new Error(`call ${id} is already ${call.callstate}`);
    if (call.queue !== null) {
      const agent = ext ?? call.agent;
      if (!agent) throw new Error(`call ${id}: answer needs the agent's extension`);
      this.update(call, () => {
        call.callstate = "connected";
        call.agent = agent;
        call.phone = agent;
      });
    } else {
      this.update(call, () => {
        call.callstate = "connected";
      });
    }
  }

  /** Puts a connected call on hold ("hold"). */
  hold(id: string): void {
    const call = this.call(id);
    if (call.callstate !== "connected") throw new Error(`call ${id} is ${call.callstate}, cannot hold`);
    this.update(call, () => {
      call.callstate = "hold";
    });
  }

  /** Takes a held call back ("connected"). */
  retrieve(id: string): void {
    const call = this.call(id);
    if (call.callstate !== "hold") throw new Error(`call ${id} is ${call.callstate}, cannot retrieve`);
    this.update(call, () => {
      call.callstate = "connected";
    });
  }

  /**
   * Merges extra fields into the call's frame (e.g. `{conference: true}`) and sends a
   * call-state. The fields listed in {@link SimCallFrame} always win over extras.
   */
  updateCall(id: string, extra: Record<string, unknown>): void {
    const call = this.call(id);
    this.update(call, () => {
      Object.assign(call.extra, extra);
    });
  }

  /** Ends a call: one last call-state with "disconnected", then it leaves the snapshot. */
  hangup(id: string): void {
    const call = this.call(id);
    this.update(call, () => {
      call.callstate = "disconnected";
    });
    this.callMap.delete(id);
  }

  /**
   * Forgets a call without telling anyone: no final `call-state`, it is just no longer in the
   * next `domain-state` (a PBX that stopped listing a call, or whose last frame was lost).
   */
  dropCall(id: string): void {
    this.call(id);
    this.callMap.delete(id);
  }

  /**
   * An extension dials a number: "ringing" (or straight "connected" with `connected`), `from` =
   * the extension (as `"name" <sip:EXT@domain>` when `name` is given), `to` = the number, no
   * queue. Returns the call id.
   */
  dialOut(opts: { id?: string; ext: string; to: string; name?: string; connected?: boolean; extra?: Record<string, unknown> }): string {
    const from = opts.name ? `"${opts.name.replace(/"/g, "")}" <sip:${opts.ext}@${this.domain}>` : opts.ext;
    const call = this.newCall(opts.id, {
      from,
      to: opts.to,
      callstate: opts.connected ? "connected" : "ringing",
      queue: null,
      agent: null,
      phone: opts.ext,
      dir: "out",
      extra: opts.extra ?? {},
    });
    this.tellCall(call, null);
    return call.id;
  }

  hasCall(id: string): boolean {
    return this.callMap.has(id);
  }

  /** One active call's frame, or null. */
  getCall(id: string): SimCallFrame | null {
    const call = this.callMap.get(id);
    return call ? this.callFrame(call) : null;
  }

  /** The active calls' frames, as the next `domain-state` would list them. */
  activeCalls(): SimCallFrame[] {
    return [...this.callMap.values()].map((c) => this.callFrame(c));
  }

  // -- internals -------------------------------------------------------------------------------

  /** Runs `change` on a call, then tells (call-state, and BLF lamps that moved). */
  private update(call: WorldCall, change: () => void): void {
    const before = call.phone;
    const lampBefore = before === null ? null : this.lamp(before);
    change();
    this.tellCall(call, before === null ? null : { ext: before, lamp: lampBefore! });
  }

  private tellCall(call: WorldCall, previous: { ext: string; lamp: SimAccount["state"] } | null): void {
    // A "disconnected" call is still in the map until hangup() returns: leave it out of lamps.
    const ended = call.callstate === "disconnected";
    const exts = new Set<string>();
    if (previous) exts.add(previous.ext);
    if (call.phone !== null) exts.add(call.phone);
    const moved: string[] = [];
    for (const ext of exts) {
      const lampNow = this.lamp(ext, ended ? call.id : null);
      const lampThen = previous && previous.ext === ext ? previous.lamp : this.lamp(ext, call.id);
      if (lampNow !== lampThen) moved.push(ext);
    }
    this.callChanged(this.callFrame(call), moved, ended ? call.id : null);
  }

  /** The BLF lamp of `ext` from the calls on its phone, leaving out call `excluding`. */
  private lamp(ext: string, excluding: string | null = null): SimAccount["state"] {
    let state: SimAccount["state"] = "idle";
    for (const call of this.callMap.values()) {
      if (call.phone !== ext || call.id === excluding) continue;
      if (call.callstate === "connected" || call.callstate === "hold") return "busy";
      if (call.callstate === "ringing") state = "ringing";
    }
    return state;
  }

  private newCall(id: string | undefined, fields: Omit<WorldCall, "id" | "startMs" | "codec">): WorldCall {
    let callId = id;
    if (callId === undefined) {
      do callId = `sim-${this.nextCall++}`;
      while (this.callMap.has(callId));
    }
    if (this.callMap.has(callId)) throw new Error(`call ${callId} already exists`);
    const call: WorldCall = { id: callId, startMs: this.now(), codec: this.callMap.size % 3 === 0 ? "PCMU" : "opus", ...fields, extra: { ...fields.extra } };
    this.callMap.set(callId, call);
    return call;
  }

  private call(id: string): WorldCall {
    const call = this.callMap.get(id);
    if (!call) throw new Error(`no active call ${id}`);
    return call;
  }

  private callFrame(call: WorldCall): SimCallFrame {
    return {
      ...call.extra,
      id: call.id,
      from: call.from,
      to: call.to,
      callstate: call.callstate,
      ...(call.queue !== null ? { queue: call.queue } : {}),
      ...(call.agent !== null ? { agent: call.agent } : {}),
      dir: call.dir,
      start: Math.floor(call.startMs / 1000),
      codec: call.codec,
    };
  }
}
