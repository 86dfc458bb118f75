import type { ButtonHTMLAttributes } from "react";

/**
 * A small button in a list row or beside a value: `tone` plain (Edit, Done), danger (Remove,
 * Revoke, Reset), or the default look. Every other prop goes to the `<button>`.
 */
export function RowButton({ tone, ...button }: { tone?: "plain" | "danger" } & Omit<ButtonHTMLAttributes<HTMLButtonElement>, "type" | "className">) {
  return <button type="button" className={tone ? `btn btn-small btn-${tone}` : "btn btn-small"} {...button} />;
}
