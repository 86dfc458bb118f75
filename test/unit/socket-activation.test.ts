/** sd_listen_fds(3) as lib/server/socket-activation.ts reads it. */
import { describe, expect, it } from "vitest";
import { takeListenFd, workerListenFd, WORKER_LISTEN_FD_ENV } from "../../lib/server/socket-activation";

describe("takeListenFd", () => {
  it("takes fd 3 when LISTEN_PID is this process, and removes the variables so no child takes them", () => {
    const env: Record<string, string | undefined> = { LISTEN_FDS: "1", LISTEN_PID: "4242", LISTEN_FDNAMES: "wallboard.socket", OTHER: "x" };
    expect(takeListenFd(env, 4242)).toBe(3);
    expect(env).toEqual({ OTHER: "x" });
  });

  it("ignores sockets meant for another process (npm between systemd and node) and removes the variables", () => {
    const env: Record<string, string | undefined> = { LISTEN_FDS: "1", LISTEN_PID: "1" };
    expect(takeListenFd(env, 4242)).toBeNull();
    expect(env).toEqual({});
  });

  it("is null without the variables", () => {
    expect(takeListenFd({}, 4242)).toBeNull();
    expect(takeListenFd({ LISTEN_FDS: "1" }, 4242)).toBeNull();
  });

  it("uses the first of several sockets", () => {
    expect(takeListenFd({ LISTEN_FDS: "2", LISTEN_PID: "7" }, 7)).toBe(3);
  });

  it("throws on a count that is not a positive integer", () => {
    expect(() => takeListenFd({ LISTEN_FDS: "0", LISTEN_PID: "7" }, 7)).toThrow(/LISTEN_FDS/);
    expect(() => takeListenFd({ LISTEN_FDS: "x", LISTEN_PID: "7" }, 7)).toThrow(/LISTEN_FDS/);
  });
});

describe("workerListenFd", () => {
  it("reads the primary's descriptor number, empty meaning none", () => {
    expect(workerListenFd({ [WORKER_LISTEN_FD_ENV]: "3" })).toBe(3);
    expect(workerListenFd({ [WORKER_LISTEN_FD_ENV]: "" })).toBeNull();
    expect(workerListenFd({})).toBeNull();
    expect(() => workerListenFd({ [WORKER_LISTEN_FD_ENV]: "1" })).toThrow(/3 or more/);
  });
});
