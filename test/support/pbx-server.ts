/**
 * A wallboard server following the PBX simulator, as the tests of the PBX side start them: the
 * simulator (user "admin", the given password) on a free loopback port with the given
 * accounts (extensions), then a server on a fresh test database whose PBX_URL, PBX_USERNAME
 * and PBX_PASSWORD point at it, plus the test's own `env`. Stop both with endAll().
 */
import { PbxSimulator } from "../../sim/pbx/server";
import { createTestDatabase } from "./database";
import { startServer, type TestServer } from "./server";

export async function startServerOnPbx(options: { password: string; accounts?: string[]; env?: Record<string, string> }): Promise<{ sim: PbxSimulator; server: TestServer }> {
  const sim = new PbxSimulator({ username: "admin", password: options.password });
  await sim.start();
  for (const extension of options.accounts ?? []) sim.addAccount(extension);
  try {
    const server = await startServer({
      databaseUrl: await createTestDatabase(),
      env: { PBX_URL: sim.url(), PBX_USERNAME: "admin", PBX_PASSWORD: options.password, ...options.env },
    });
    return { sim, server };
  } catch (e) {
    // The caller never gets the simulator to stop, so a failed start must not leave it listening.
    await sim.stop();
    throw e;
  }
}
