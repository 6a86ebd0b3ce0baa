"use client";
// Keeps the message list pinned to its newest line while the reader is at the
// bottom, and leaves it alone once they scroll up to read; `atBottom` drives the
// "scroll to the newest message" button.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";

/** Within this many pixels of the end counts as "at the bottom" (sub-pixel rounding, a last line). */
const SLACK_PX = 48;

export function useStickToBottom<T extends HTMLElement>(content: unknown) {
  const ref = useRef<T>(null);
  const stuck = useRef(true);
  const [atBottom, setAtBottom] = useState(true);

  const measure = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight <= SLACK_PX;
    stuck.current = bottom;
    setAtBottom(bottom);
  }, []);

  // A jump, not a smooth scroll: Chromium may stop a smooth scroll short of the
  // end (seen stopping 2 px down a 2,000 px list), leaving the reader stranded.
  const scrollToBottom = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    stuck.current = true;
    setAtBottom(true);
    el.scrollTop = el.scrollHeight;
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.addEventListener("scroll", measure, { passive: true });
    // Scrolling up by wheel or touch lets go at once, before the scroll event that
    // follows: a chunk arriving in between must not pull the reader back down.
    const letGo = (e: WheelEvent | TouchEvent) => {
      if (!("deltaY" in e) || e.deltaY < 0) stuck.current = false;
    };
    el.addEventListener("wheel", letGo, { passive: true });
    el.addEventListener("touchmove", letGo, { passive: true });
    // The list or the space for it changed size (an answer finished rendering, the meter
    // above grew a line): a reader at the bottom stays there.
    const resized = new ResizeObserver(() => {
      if (stuck.current) el.scrollTop = el.scrollHeight;
    });
    resized.observe(el);
    if (el.firstElementChild) resized.observe(el.firstElementChild);
    return () => {
      el.removeEventListener("scroll", measure);
      el.removeEventListener("wheel", letGo);
      el.removeEventListener("touchmove", letGo);
      resized.disconnect();
    };
  }, [measure]);

  // New content follows the reader only if they were already at the end.
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && stuck.current) el.scrollTop = el.scrollHeight;
    else measure();
  }, [content, measure]);

  return { ref, atBottom, scrollToBottom };
}
