/**
 * systemd socket activation (sd_listen_fds(3)): when the service manager holds the listening
 * socket (`deploy/wallboard.socket`), a restart or an upgrade with a stop and a start refuses
 * no push. The kernel keeps queueing connections on the socket while no process of ours is
 * running, and the next worker answers them (get2post.php sets no curl timeout, so a push
 * waits through the restart instead of failing). Without it, a stop and a start refuse every
 * push sent between the old worker closing and the new one listening.
 *
 * Protocol (systemd, `sd_listen_fds`): `LISTEN_PID` is the pid the sockets are meant for (the
 * variables are ignored in any other process, e.g. when `npm` sits between systemd and node),
 * `LISTEN_FDS` how many, passed from fd 3 (`SD_LISTEN_FDS_START`) on. The variables are
 * removed from this process's environment once read, as `sd_listen_fds(1)` does, so no child
 * takes them for its own.
 */

/** The first passed descriptor (systemd's SD_LISTEN_FDS_START). */
export const SD_LISTEN_FDS_START = 3;

/**
 * The listening socket passed by the service manager, or null when none was passed to this
 * process. Throws when the variables name this process but make no sense (so a broken unit is
 * reported at start instead of silently binding PORT). More than one socket: the first is used.
 */
export function takeListenFd(env: Record<string, string | undefined> = process.env, pid = process.pid): number | null {
  const fds = env["LISTEN_FDS"];
  const forPid = env["LISTEN_PID"];
  delete env["LISTEN_FDS"];
  delete env["LISTEN_PID"];
  delete env["LISTEN_FDNAMES"];
  if (fds === undefined || forPid === undefined) return null;
  if (Number(forPid) !== pid) return null;
  const count = Number(fds);
  if (!Number.isInteger(count) || count < 1) throw new Error(`LISTEN_FDS must be a positive count of passed sockets, got "${fds}"`);
  return SD_LISTEN_FDS_START;
}

/** The environment variable by which the primary tells its worker to listen on the passed socket. */
export const WORKER_LISTEN_FD_ENV = "WALLBOARD_LISTEN_FD";

/** The worker's side: the passed socket's descriptor number (in the primary), or null. */
export function workerListenFd(env: Record<string, string | undefined> = process.env): number | null {
  const raw = env[WORKER_LISTEN_FD_ENV];
  if (!raw) return null;
  const fd = Number(raw);
  if (!Number.isInteger(fd) || fd < SD_LISTEN_FDS_START) throw new Error(`${WORKER_LISTEN_FD_ENV} must be a descriptor number of 3 or more, got "${raw}"`);
  return fd;
}
