"use client";
/**
 * The wall's alert sound: a short tone generated with WebAudio (no audio files) when an alert
 * is raised, repeated every `repeatSec` while any alert is active; a mute toggle kept in
 * localStorage. Browsers may refuse sound until the page has been clicked once (autoplay
 * policy): the state then says `blocked` and the next click on the page enables it.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { AlertView } from "@/lib/alerts/types";
import { DEFAULT_SOUND_REPEAT_SEC, INITIAL_SOUND, soundDecision, type SoundState } from "@/lib/wall/alerts";

const MUTE_KEY = "wallboard.alerts.muted";

export interface AlertSound {
  muted: boolean;
  toggleMute(): void;
  /** How many times the sound played on this page (for the wall's test hook). */
  plays: number;
  /** True when the browser keeps audio suspended until a click. */
  blocked: boolean;
}

type Ctx = AudioContext;

function tone(ctx: Ctx, critical: boolean): void {
  const t0 = ctx.currentTime + 0.01;
  const beeps = critical ? [880, 660, 880] : [660];
  beeps.forEach((freq, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = "square";
    osc.frequency.value = freq;
    const start = t0 + i * 0.22;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.18, start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.18);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start);
    osc.stop(start + 0.2);
  });
}

/**
 * `alerts`: the active alerts; `browserNow`: the wall's 1 s ticker (ms, browser clock), so the
 * repeat needs no timer of its own.
 */
export function useAlertSound(alerts: readonly AlertView[], browserNow: number | null, repeatSec = DEFAULT_SOUND_REPEAT_SEC): AlertSound {
  const [muted, setMuted] = useState(false);
  const [plays, setPlays] = useState(0);
  const [blocked, setBlocked] = useState(false);
  const sound = useRef<SoundState>(INITIAL_SOUND);
  const ctx = useRef<Ctx | null>(null);

  useEffect(() => {
    try {
      setMuted(window.localStorage.getItem(MUTE_KEY) === "1");
    } catch {
      /* storage refused: not muted */
    }
  }, []);

  const audio = useCallback((): Ctx | null => {
    if (ctx.current) return ctx.current;
    const AC = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!AC) return null;
    ctx.current = new AC();
    return ctx.current;
  }, []);

  // Any click on the page may unlock audio (autoplay policy).
  useEffect(() => {
    const unlock = () => {
      const c = ctx.current;
      if (c && c.state === "suspended") void c.resume().then(() => setBlocked(false), () => undefined);
    };
    window.addEventListener("pointerdown", unlock);
    window.addEventListener("keydown", unlock);
    return () => {
      window.removeEventListener("pointerdown", unlock);
      window.removeEventListener("keydown", unlock);
    };
  }, []);

  useEffect(() => {
    if (browserNow === null) return;
    const decision = soundDecision(sound.current, alerts, browserNow, { muted, repeatSec });
    sound.current = decision.state;
    if (!decision.play) return;
    setPlays((n) => n + 1);
    const c = audio();
    if (!c) return;
    if (c.state === "suspended") {
      void c.resume().catch(() => undefined);
      setBlocked(c.state === "suspended");
    }
    try {
      tone(c, alerts.some((a) => a.severity === "critical"));
    } catch {
      /* a browser without WebAudio oscillators: the wall still shows the alert */
    }
  }, [alerts, browserNow, muted, repeatSec, audio]);

  const toggleMute = useCallback(() => {
    setMuted((m) => {
      const next = !m;
      try {
        window.localStorage.setItem(MUTE_KEY, next ? "1" : "0");
      } catch {
        /* not persisted */
      }
      return next;
    });
    const c = audio();
    if (c && c.state === "suspended") void c.resume().then(() => setBlocked(false), () => undefined);
  }, [audio]);

  return { muted, toggleMute, plays, blocked };
}
