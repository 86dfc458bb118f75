"use client";

import { useRef, useState } from "react";

/**
 * Copies `text` with the Clipboard API; where that is unavailable (plain http, old browsers)
 * it falls back to selecting the text in a hidden field and execCommand("copy"), and if even
 * that fails it selects `targetId`'s text so the user can press Ctrl+C.
 */
export function CopyButton({ text, label = "Copy", targetId, testId }: { text: string; label?: string; targetId?: string; testId?: string }) {
  const [done, setDone] = useState<"copied" | "select" | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  async function copy() {
    let ok = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        ok = true;
      }
    } catch {
      ok = false;
    }
    if (!ok) {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try {
        ok = document.execCommand("copy");
      } catch {
        ok = false;
      }
      area.remove();
    }
    if (!ok && targetId) {
      const el = document.getElementById(targetId);
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) el.select();
      else if (el) window.getSelection()?.selectAllChildren(el);
    }
    setDone(ok ? "copied" : "select");
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setDone(null), 2500);
  }
  return (
    <button type="button" className="btn btn-small" onClick={copy} data-testid={testId} aria-live="polite">
      {done === "copied" ? "Copied ✓" : done === "select" ? "Selected: press Ctrl+C" : label}
    </button>
  );
}
