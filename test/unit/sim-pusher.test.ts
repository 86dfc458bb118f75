import { describe, it, expect, afterAll } from "vitest";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { encodeVicidialPush, pushEvent, pushFields, pushUrl, closePushConnections } from "../../sim/vicidial/pusher";
import type { SimEvent } from "../../sim/vicidial/call-centre";

const EVENT: SimEvent = {
  user: "1001",
  campaign: "SALES",
  event: "state_paused",
  message: "PAUSED LUNCH",
  leadId: "",
  epoch: 1763715600,
  agentLogId: "5247862",
  counter: 7,
  atMs: 1763715600123,
};

describe("encodeVicidialPush", () => {
  it("deletes ` : ; # \" { } ^ $ and turns spaces, tabs and newlines into +", () => {
    const body = encodeVicidialPush({ message: 'a`b:c;d#e"f{g}h^i$j k\tl\nm' });
    expect(body).toBe("message=abcdefghij+k+l+m");
  });

  it("keeps letters and digits literal and separates fields with &", () => {
    expect(encodeVicidialPush({ user: "1001", event: "state_ready", message: "CLOSER", lead_id: "" })).toBe(
      "user=1001&event=state_ready&message=CLOSER&lead_id=",
    );
  });

  it("round-trips ordinary text through URLSearchParams, minus the deleted characters", () => {
    const fields = {
      user: "1001",
      message: "session 8600051 server 10.10.10.11 version 2.14-917a",
      alert: "Dial timed out...",
      name: "Müller O'Brien",
      odd: "a&b=c%d+e/f?g",
      deleted: "time: 10:30; #1 {ok} ^$\"",
      empty: null,
    };
    const params = new URLSearchParams(encodeVicidialPush(fields));
    expect(params.get("message")).toBe("session 8600051 server 10.10.10.11 version 2.14-917a");
    expect(params.get("alert")).toBe("Dial timed out...");
    expect(params.get("name")).toBe("Müller O'Brien");
    expect(params.get("odd")).toBe("a&b=c%d+e/f?g");
    expect(params.get("deleted")).toBe("time 1030 1 ok ");
    expect(params.get("empty")).toBe("");
    expect([...params.keys()]).toEqual(Object.keys(fields));
  });

  it("in verbatim mode sends values raw, as the agent screen does", () => {
    const body = encodeVicidialPush({ message: "a&b c:d", counter: 3 }, { verbatim: true });
    expect(body).toBe("message=a&b+cd&counter=3");
    // What a receiver then sees: the & split the message.
    expect(new URLSearchParams(body).get("message")).toBe("a");
  });
});

describe("pushFields and pushUrl", () => {
  it("lists the Agent Push URL fields in order, campaign only when asked", () => {
    expect(Object.keys(pushFields(EVENT, "t0k"))).toEqual(["token", "user", "event", "message", "lead_id", "epoch", "agent_log_id", "counter", "campaign"]);
    const without = pushFields(EVENT, "t0k", { includeCampaign: false });
    expect(without).not.toHaveProperty("campaign");
    expect(without).toMatchObject({ user: "1001", epoch: "1763715600", counter: "7", token: "t0k" });
  });

  it("appends the ingest path to a bare base URL only", () => {
    expect(pushUrl("http://localhost:3000").href).toBe("http://localhost:3000/api/push/vicidial");
    expect(pushUrl("http://localhost:3000/").href).toBe("http://localhost:3000/api/push/vicidial");
    expect(pushUrl("http://relay:8080/custom/path").href).toBe("http://relay:8080/custom/path");
  });
});

describe("pushEvent", () => {
  interface Seen {
    method: string;
    url: string;
    headers: http.IncomingHttpHeaders;
    body: string;
    socketPort: number;
  }
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body, socketPort: req.socket.remotePort ?? 0 });
      const token = new URLSearchParams(body).get("token");
      res.writeHead(token === "right" ? 200 : 401, { "Content-Type": "text/plain" });
      res.end(token === "right" ? "ok" : "wrong token");
    });
  });
  const listening = new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

  afterAll(async () => {
    closePushConnections();
    await new Promise((r) => server.close(r));
  });

  it("POSTs a form body like get2post.php on a new connection and returns the status", async () => {
    const base = await listening;
    seen.length = 0;
    expect(await pushEvent(base, "right", EVENT)).toBe(200);
    expect(await pushEvent(base, "wrong", { ...EVENT, counter: 8 })).toBe(401);
    expect(seen).toHaveLength(2);
    const [first, second] = seen as [Seen, Seen];
    expect(first.method).toBe("POST");
    expect(first.url).toBe("/api/push/vicidial");
    expect(first.headers["user-agent"]).toBe("VICIdial get2post");
    expect(first.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(first.headers.connection).toBe("close");
    expect(first.socketPort).not.toBe(second.socketPort);
    const params = new URLSearchParams(first.body);
    expect(Object.fromEntries(params)).toEqual({
      user: "1001",
      event: "state_paused",
      message: "PAUSED LUNCH",
      lead_id: "",
      epoch: "1763715600",
      agent_log_id: "5247862",
      counter: "7",
      campaign: "SALES",
      token: "right",
    });
    expect(first.body).toContain("message=PAUSED+LUNCH");
  });

  it("reuses the connection when keepAlive is set", async () => {
    const base = await listening;
    seen.length = 0;
    await pushEvent(base, "right", EVENT, { keepAlive: true });
    await pushEvent(base, "right", EVENT, { keepAlive: true, includeCampaign: false });
    expect(seen[0]!.headers.connection).toBe("keep-alive");
    expect(seen[1]!.socketPort).toBe(seen[0]!.socketPort);
    expect(new URLSearchParams(seen[1]!.body).has("campaign")).toBe(false);
  });

  it("rejects when nothing listens, so the caller can count the failure", async () => {
    const closed = http.createServer();
    const port = await new Promise<number>((resolve) => closed.listen(0, "127.0.0.1", () => resolve((closed.address() as AddressInfo).port)));
    await new Promise((r) => closed.close(r));
    await expect(pushEvent(`http://127.0.0.1:${port}`, "right", EVENT)).rejects.toThrow(/ECONNREFUSED/);
  });
});
