/**
 * The one way the product checks outside input: a zod schema, and when it fails, one line of
 * text that names the field, shown as is by the admin pages and returned as `{ error }` by
 * the APIs (lib/http/parse-request.ts for route handlers; the history pages and the stored
 * settings use {@link parseInput} directly).
 *
 * Messages: a schema that sets its own message (`z.string().min(1, "campaign id is
 * required")`) is taken as written, so it must name the field itself; zod's own messages get
 * the field's path in front (`queues.710.serviceLevelBelow: Too big: expected number to be
 * <=1`). Every problem is reported, one per field and text, joined by `; `.
 */
import { z } from "zod";

/** A parse's outcome: the schema's output, or the one-line reason it was refused. */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Zod's own message for an issue, with the field's path in front (per-parse error map). */
const withFieldPath: z.core.$ZodErrorMap = (issue) => {
  const base = z.config().localeError?.(issue);
  const text = (typeof base === "string" ? base : base?.message) ?? "is not valid";
  return issue.path?.length ? `${issue.path.join(".")}: ${text}` : text;
};

/** One line for a failed parse: each distinct message once (first problem per field first), joined by `; `. */
export function reasonOf(error: z.ZodError): string {
  const seen = new Set<string>();
  const paths = new Set<string>();
  const lines: string[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join("\u0000");
    // zod may report a field twice (e.g. required and malformed): its first problem is the reason.
    if (paths.has(path) || seen.has(issue.message)) continue;
    paths.add(path);
    seen.add(issue.message);
    lines.push(issue.message.replace(/[\r\n]+/g, " "));
  }
  return lines.join("; ") || "invalid input";
}

/** Parses `input` with `schema`; a refusal carries {@link reasonOf}'s one line. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): Checked<z.output<S>> {
  const result = schema.safeParse(input, { error: withFieldPath });
  return result.success ? { ok: true, value: result.data } : { ok: false, reason: reasonOf(result.error) };
}
