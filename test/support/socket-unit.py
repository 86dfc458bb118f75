"""What a systemd socket unit does for its service, for the tests (test/support/socket-unit.ts).

systemd itself cannot run inside a test (it wants to be pid 1), and Node cannot hold a
listening socket without accepting connections on it, so this small program plays systemd's
part: it binds and listens on 127.0.0.1:<port> (0 = any free port) with a backlog of 4096, as
a socket unit with ListenStream= and Backlog= does, and keeps the socket for its whole life.
Each `start` on stdin forks the service with the socket as fd 3 and LISTEN_FDS=1,
LISTEN_PID=<its pid>, LISTEN_FDNAMES (sd_listen_fds(3)); `stop` sends it SIGTERM and waits
(systemctl stop). A service that exits by itself is started again (Restart=always).

stdout: "listening <port>", "started <pid>", "stopped <exit code>", "exited <exit code>"
(restarted after it); the service's own output goes to the same stdout and stderr.
"""
import os
import signal
import socket
import sys
import threading

lock = threading.Lock()
state = {"pid": None, "stopping": False}


def say(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def start(sock, argv):
    pid = os.fork()
    if pid == 0:
        os.dup2(sock.fileno(), 3)
        os.set_inheritable(3, True)
        env = dict(os.environ, LISTEN_FDS="1", LISTEN_PID=str(os.getpid()), LISTEN_FDNAMES="wallboard.socket")
        os.execvpe(argv[0], argv, env)
    state["pid"] = pid
    say("started %d" % pid)
    threading.Thread(target=reap, args=(sock, argv, pid), daemon=True).start()


def reap(sock, argv, pid):
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    with lock:
        if state["pid"] != pid:
            return
        state["pid"] = None
        if state["stopping"]:
            say("stopped %d" % code)
            return
        say("exited %d" % code)
        start(sock, argv)


def main():
    port = int(sys.argv[1])
    argv = sys.argv[2:]
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(4096)
    say("listening %d" % sock.getsockname()[1])
    for line in sys.stdin:
        command = line.strip()
        with lock:
            if command == "start" and state["pid"] is None:
                state["stopping"] = False
                start(sock, argv)
            elif command == "stop" and state["pid"] is not None:
                state["stopping"] = True
                os.kill(state["pid"], signal.SIGTERM)
    # stdin closed: the test is over; stop the service and wait for it, as systemctl stop does.
    with lock:
        state["stopping"] = True
        pid = state["pid"]
        if pid is not None:
            os.kill(pid, signal.SIGTERM)
    while state["pid"] is not None:
        threading.Event().wait(0.05)


if __name__ == "__main__":
    main()
