import { spawn } from "node:child_process";
const url = process.argv[2];
const t0 = Date.now();
const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], { cwd: "/work/main", env: { ...process.env, DATABASE_URL: url, PORT: "39123", HOST: "127.0.0.1", LOG_LEVEL: "info", PUSH_TOKEN: "test-push-token-0001", DATA_DIR: "/tmp/wb-measure", ENV_FILE: "/nonexistent", ADMIN_PASSWORD: "abcdefghijk" }, stdio: ["ignore", "pipe", "pipe"] });
let buf = "";
const onData = (d) => { buf += d; for (const line of d.toString().split("\n")) { if (!line.trim()) continue; let msg = line; try { const j = JSON.parse(line); msg = j.msg; } catch {} console.log(`${Date.now() - t0} ms: ${String(msg).slice(0, 100)}`); } };
child.stdout.on("data", onData); child.stderr.on("data", onData);
const poll = setInterval(async () => { try { const r = await fetch("http://127.0.0.1:39123/api/push/vicidial?token=test-push-token-0001&user=m1&event=time_sync"); if (r.status) { console.log(`${Date.now() - t0} ms: first push answered ${r.status}`); clearInterval(poll); } } catch {} }, 20);
setTimeout(() => { const t1 = Date.now(); child.on("exit", () => { console.log(`stop took ${Date.now() - t1} ms`); process.exit(0); }); child.kill("SIGTERM"); }, 12000);
