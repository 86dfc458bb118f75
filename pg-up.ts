import { startDebianPostgres } from "./test/support/debian-postgres";
const pg = await startDebianPostgres();
const url = await pg.createDatabase("measure");
console.log(url);
process.on("SIGTERM", async () => { await pg.stop(); process.exit(0); });
setInterval(() => {}, 1000);
