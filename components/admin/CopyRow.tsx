import type { ReactNode } from "react";
import { CopyButton } from "./CopyButton";

/**
 * A value to copy: the text in a code block (`pre` for several lines; `secret` for tokens and
 * passwords, else a URL's style; `…` while it is null) with its copy button, then `children`
 * (more buttons). `id` lets the copy button select the text where the clipboard is refused;
 * `copyable` (default: once there is a value) shows the button.
 */
export function CopyRow({
  id,
  value,
  testId,
  copyTestId,
  copyLabel,
  secret = false,
  pre = false,
  copyable = value !== null,
  children,
}: {
  id: string;
  value: string | null;
  testId?: string;
  copyTestId?: string;
  copyLabel?: string;
  secret?: boolean;
  pre?: boolean;
  copyable?: boolean;
  children?: ReactNode;
}) {
  const Text = pre ? "pre" : "code";
  return (
    <div className="admin-copy-row">
      <Text id={id} className={secret ? "admin-secret" : "admin-url"} data-testid={testId}>
        {value ?? "…"}
      </Text>
      {copyable && value !== null ? <CopyButton text={value} targetId={id} label={copyLabel} testId={copyTestId} /> : null}
      {children}
    </div>
  );
}
