/**
 * What admins change at run time, applied live (no restart) and recorded in the audit log
 * (who, when, what; never a password or a token). Route handlers under app/api/admin stay
 * thin over this.
 */
import { randomBytes } from "node:crypto";
import type { Db } from "../db/prisma";
import type { Authenticator } from "../auth/authenticator";
import { generatePassword, hashPassword } from "../auth/passwords";
import { ROLES, type Role } from "../auth/principal";
import { audit } from "../queries/audit";
import { createUser, findUserById, findUserByName, updateUser } from "../queries/users";
import type { WallTokenRecord } from "../api/admin";
import { createWallToken, revokeWallToken } from "../queries/wall-tokens";
import type { PushToken } from "./push-token";

export class AdminError extends Error {
  override readonly name = "AdminError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }

  /**
   * Next.js bundles its own copy of this module, so an error thrown by the server's instance
   * is not `instanceof` the class a route handler imports: recognise it by shape.
   */
  static is(err: unknown): err is AdminError {
    return err instanceof Error && err.name === "AdminError" && typeof (err as AdminError).status === "number";
  }
}

export interface NewUser {
  username: string;
  fullName?: string | null;
  role: Role;
  campaigns?: string[];
  /** Unset: a password is generated and returned once. */
  password?: string;
}

export class AdminActions {
  constructor(
    private readonly db: Db,
    private readonly auth: Authenticator,
    private readonly pushToken: PushToken,
    /** Called after users or wall tokens changed: open sockets are re-authorised at once. */
    private readonly onAccessChanged: () => void = () => {},
    /** Called after the push token was rotated: the other instances re-read it. */
    private readonly onPushTokenRotated: () => void = () => {},
  ) {}

  async rotatePushToken(actor: string): Promise<string> {
    if (this.pushToken.fromEnv) throw new AdminError(409, "PUSH_TOKEN is set in the environment: change it there and restart");
    const token = await this.pushToken.rotate(this.db);
    await audit(this.db, actor, "push.rotate", null);
    this.onPushTokenRotated();
    return token;
  }

  async createUser(actor: string, u: NewUser): Promise<{ id: number; password: string | null }> {
    if (!/^[A-Za-z0-9._@-]{2,64}$/.test(u.username)) throw new AdminError(400, "user name: 2-64 of A-Z a-z 0-9 . _ @ -");
    if (!ROLES.includes(u.role)) throw new AdminError(400, `role must be one of ${ROLES.join(", ")}`);
    if (u.password !== undefined && u.password.length < 10) throw new AdminError(400, "password needs at least 10 characters");
    if (await findUserByName(this.db, u.username)) throw new AdminError(409, "a user with that name exists");
    const password = u.password ?? generatePassword();
    const id = await createUser(this.db, { ...u, passwordHash: await hashPassword(password) });
    await audit(this.db, actor, "user.create", u.username, { role: u.role, campaigns: u.campaigns ?? [] });
    return { id, password: u.password === undefined ? password : null };
  }

  async updateUser(actor: string, id: number, patch: { fullName?: string | null; role?: Role; disabled?: boolean; campaigns?: string[] }): Promise<void> {
    if (patch.role && !ROLES.includes(patch.role)) throw new AdminError(400, `role must be one of ${ROLES.join(", ")}`);
    const target = await findUserById(this.db, id);
    if (!target) throw new AdminError(404, "no such user");
    // An admin locking themselves out would leave nobody to undo it.
    if (target.username === actor && (patch.disabled || (patch.role && patch.role !== "admin"))) throw new AdminError(400, "you cannot disable or demote your own account");
    await updateUser(this.db, id, patch);
    this.auth.forget(id);
    await audit(this.db, actor, "user.update", String(id), patch);
    this.onAccessChanged();
  }

  async createWallToken(actor: string, name: string, campaigns: string[]): Promise<{ token: string; record: WallTokenRecord }> {
    if (!name.trim()) throw new AdminError(400, "name required");
    if (campaigns.length === 0) throw new AdminError(400, "choose at least one campaign");
    const token = randomBytes(24).toString("base64url");
    const record = await createWallToken(this.db, { name: name.trim(), token, campaigns, createdBy: actor });
    await audit(this.db, actor, "wall-token.create", String(record.id), { name: record.name, campaigns });
    return { token, record };
  }

  async revokeWallToken(actor: string, id: number): Promise<void> {
    await revokeWallToken(this.db, id);
    this.auth.forgetToken(id);
    await audit(this.db, actor, "wall-token.revoke", String(id));
    this.onAccessChanged();
  }
}
