/**
 * Turns session cookies into principals and credentials into sessions. Users and wall tokens
 * are read from PostgreSQL on use (users cached for a few seconds), so a revoked token stops
 * working on the next connection and a changed password ends older sessions.
 */
import type { Db } from "../db/prisma";
import { findUserById, findUserByName, touchLogin, type UserRecord } from "../queries/users";
import type { WallTokenRecord } from "../api/admin";
import { findWallToken, findWallTokenById } from "../queries/wall-tokens";
import { verifyPassword } from "./passwords";
import type { Principal } from "./principal";
import { isSessionRevoked, revokeSession } from "../queries/sessions";
import { DISPLAY_TTL_SEC, newCsrfToken, newSessionId, readCookie, sealSession, SESSION_COOKIE, SESSION_TTL_SEC, sessionCookie, sessionExpiry, unsealSession, type SessionData } from "./session";

const USER_CACHE_MS = 3_000;
/**
 * Cookie values whose seal was already opened, at most this many (the oldest is forgotten
 * first). Every open socket is re-checked every 2 s (lib/server/wallboard.ts): without it, a
 * wall of 1,000 clients made the worker derive 500 keys a second for the same 1,000 cookies.
 */
const UNSEALED_CACHE_MAX = 10_000;

export interface Authenticated {
  principal: Principal;
  session: SessionData;
}

export class Authenticator {
  private readonly users = new Map<number, { user: UserRecord | null; at: number }>();
  private readonly tokens = new Map<number, { token: WallTokenRecord | null; at: number }>();
  /** Sign-outs, by session id: read through the same short cache as users. */
  private readonly revoked = new Map<string, { revoked: boolean; at: number }>();
  /** Sealed cookie value → what it holds (a value always opens to the same data). */
  private readonly unsealed = new Map<string, SessionData>();

  constructor(
    private readonly db: Db,
    private readonly secret: string,
    private readonly secureCookies: boolean,
  ) {}

  /**
   * The principal of a Cookie header, or null (no, forged, expired, signed-out or revoked
   * session). `tokenCacheMs`: how old a cached wall token may be (0: read it now, as every
   * new connection does; the periodic re-check of open sockets allows a little more).
   */
  async fromCookieHeader(header: string | undefined, options: { tokenCacheMs?: number } = {}): Promise<Authenticated | null> {
    const session = await this.unseal(readCookie(header, SESSION_COOKIE));
    if (!session) return null;
    if (session.sid && (await this.isRevoked(session.sid))) return null;
    if (session.kind === "display") {
      const token = await this.wallToken(session.tokenId, options.tokenCacheMs ?? 0);
      if (!token || token.revokedAt !== null) return null;
      return { session, principal: { kind: "display", tokenId: token.id, name: token.name, campaigns: token.campaigns } };
    }
    const user = await this.user(session.userId);
    if (!user || user.disabled || session.issuedAt < user.sessionsValidFrom) return null;
    return { session, principal: { kind: "user", id: user.id, username: user.username, role: user.role, campaigns: user.campaigns } };
  }

  /**
   * The session a cookie value holds, or null (missing, forged or expired). A value opened
   * before is answered from memory; its expiry is checked again at each use.
   */
  private async unseal(value: string | undefined): Promise<SessionData | null> {
    if (!value) return null;
    const known = this.unsealed.get(value);
    if (known) return sessionExpiry(known) > Date.now() ? known : null;
    const session = await unsealSession(value, this.secret);
    if (session) {
      if (this.unsealed.size >= UNSEALED_CACHE_MAX) this.unsealed.delete(this.unsealed.keys().next().value!);
      this.unsealed.set(value, session);
    }
    return session;
  }

  /** Checks credentials; returns the Set-Cookie value of a new session, or null. */
  async login(username: string, password: string): Promise<{ cookie: string; principal: Principal } | null> {
    const user = await findUserByName(this.db, username);
    // Hash even for unknown users, so timing does not tell which names exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    if (!user || !ok || user.disabled) return null;
    await touchLogin(this.db, user.id);
    this.forget(user.id);
    return { cookie: await this.userCookie(user.id), principal: { kind: "user", id: user.id, username: user.username, role: user.role, campaigns: user.campaigns } };
  }

  /** A fresh session cookie for a user (after login or a password change). */
  async userCookie(userId: number): Promise<string> {
    // issuedAt + 1 ms keeps a session made right after a password change valid.
    const sealed = await sealSession({ kind: "user", userId, issuedAt: Date.now() + 1, csrf: newCsrfToken(), sid: newSessionId() }, this.secret);
    return sessionCookie(sealed, SESSION_TTL_SEC, this.secureCookies);
  }

  /** Opens a display session for a wall token URL; null when the token is unknown or revoked. */
  async openDisplay(token: string): Promise<{ cookie: string; campaigns: string[] } | null> {
    const t = await findWallToken(this.db, token);
    if (!t) return null;
    const sealed = await sealSession({ kind: "display", tokenId: t.id, issuedAt: Date.now(), csrf: newCsrfToken(), sid: newSessionId() }, this.secret);
    return { cookie: sessionCookie(sealed, DISPLAY_TTL_SEC, this.secureCookies), campaigns: t.campaigns };
  }

  /** Ends a session now (sign-out): it is refused from the next request or socket re-check on. */
  async signOut(session: SessionData): Promise<void> {
    if (!session.sid) return;
    await revokeSession(this.db, session.sid, sessionExpiry(session));
    this.revoked.set(session.sid, { revoked: true, at: Date.now() });
  }

  /** Drops a cached user (after an admin changed it). */
  forget(userId: number): void {
    this.users.delete(userId);
  }

  /** Drops a cached wall token (after a revocation). */
  forgetToken(tokenId: number): void {
    this.tokens.delete(tokenId);
  }

  private user(id: number): Promise<UserRecord | null> {
    return this.cached(this.users, id, () => findUserById(this.db, id), (user) => ({ user }), (c) => c.user);
  }

  /** Wall tokens are read on every connection, so a revocation holds from the next one. */
  private wallToken(id: number, maxAgeMs: number): Promise<WallTokenRecord | null> {
    return this.cached(this.tokens, id, () => findWallTokenById(this.db, id), (token) => ({ token }), (c) => c.token, maxAgeMs);
  }

  private isRevoked(sid: string): Promise<boolean> {
    return this.cached(this.revoked as Map<unknown, { revoked: boolean; at: number }>, sid, () => isSessionRevoked(this.db, sid), (revoked) => ({ revoked }), (c) => c.revoked);
  }

  /**
   * Reads through a small cache. While PostgreSQL is unreachable the last known record is
   * used whatever its age, so signed-in walls keep working through a database outage; with
   * nothing cached the error propagates.
   */
  private async cached<K, T, C extends { at: number }>(
    cache: Map<K, C>,
    id: K,
    load: () => Promise<T>,
    wrap: (value: T) => Omit<C, "at">,
    unwrap: (c: C) => T,
    maxAgeMs = USER_CACHE_MS,
  ): Promise<T> {
    const hit = cache.get(id);
    if (hit && Date.now() - hit.at < maxAgeMs) return unwrap(hit);
    try {
      const value = await load();
      cache.set(id, { ...wrap(value), at: Date.now() } as C);
      return value;
    } catch (err) {
      if (hit) return unwrap(hit);
      throw err;
    }
  }
}
