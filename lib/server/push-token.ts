/**
 * The push token that protects the ingest endpoints: PUSH_TOKEN when set, else one generated
 * on first start and kept in the `setting` table, so the URLs pasted into VICIdial stay valid
 * across restarts. An admin can rotate a generated token at run time (the old one is refused
 * from the next request on, on every instance: they re-read it when told); one set in the
 * environment is changed there.
 */
import { randomBytes } from "node:crypto";
import type { Db } from "../db/prisma";
import type pg from "pg";
import { getOrCreateSetting, getOrCreateSettingPg, setSetting } from "../queries/settings";
import { coalescedRun } from "./coalesced-run";

export const PUSH_TOKEN_SETTING = "push_token";

// URL-safe and free of the characters VICIdial deletes from push URLs.
const newToken = () => randomBytes(24).toString("base64url");

export class PushToken {
  private constructor(
    private current: string,
    readonly fromEnv: boolean,
  ) {}

  /** PUSH_TOKEN, else the stored one (created on first start). Reads through a plain pg pool (see settings.ts). */
  static async load(pool: pg.Pool, fromEnv: string | undefined): Promise<PushToken> {
    if (fromEnv) return new PushToken(fromEnv, true);
    return new PushToken(await getOrCreateSettingPg(pool, PUSH_TOKEN_SETTING, newToken), false);
  }

  get value(): string {
    return this.current;
  }

  private reloading: (() => Promise<void>) | null = null;

  /**
   * Re-reads a token another instance rotated (no-op for PUSH_TOKEN). One read at a time, the
   * last after the last call (./coalesced-run.ts): after two quick rotations, a slow read of
   * the first must not leave this instance refusing the second token (VICIdial never retries).
   */
  reload(db: Db): Promise<void> {
    if (this.fromEnv) return Promise.resolve();
    this.reloading ??= coalescedRun(async () => {
      this.current = await getOrCreateSetting(db, PUSH_TOKEN_SETTING, newToken);
    });
    return this.reloading();
  }

  /** Replaces the token (stored first, then used). Throws when PUSH_TOKEN comes from the environment. */
  async rotate(db: Db): Promise<string> {
    if (this.fromEnv) throw new Error("PUSH_TOKEN is set in the environment: change it there and restart");
    const next = newToken();
    await setSetting(db, PUSH_TOKEN_SETTING, next);
    this.current = next;
    return next;
  }
}
