import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";
import { paletteCss } from "@/lib/wall/palette";

/** The state colours of every page, from the one palette module. */
const PALETTE_CSS = paletteCss();

export const metadata: Metadata = {
  title: { default: "VICIdial wallboard", template: "%s · VICIdial wallboard" },
  description: "Real-time supervisor wallboard for VICIdial call centres",
};

export const viewport: Viewport = {
  themeColor: "#0b0f17",
  colorScheme: "dark",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <style id="palette" dangerouslySetInnerHTML={{ __html: PALETTE_CSS }} />
      </head>
      <body>{children}</body>
    </html>
  );
}
