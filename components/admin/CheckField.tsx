import type { InputHTMLAttributes, ReactNode } from "react";

/** A checkbox with its text after it; every other prop goes to the `<input>`. */
export function CheckField({ children, ...input }: { children: ReactNode } & Omit<InputHTMLAttributes<HTMLInputElement>, "type">) {
  return (
    <label className="admin-check">
      <input type="checkbox" {...input} /> {children}
    </label>
  );
}
