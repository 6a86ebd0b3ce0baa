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
  const lastTop = useRef(0);
  const [atBottom, setAtBottom] = useState(true);

  // Every jump to the end is recorded, so a scroll event (coalesced to one per frame)
  // that finds the list above the last jump knows the reader moved it up.
  const pin = useCallback((el: T) => {
    el.scrollTop = el.scrollHeight;
    lastTop.current = el.scrollTop;
  }, []);

  // Only the reader's own moves change whether the list follows: up and away from
  // the end lets go (however little: a smooth wheel scroll's first frame moves a few
  // pixels), down to near the end takes hold again. A scroll event with no move (a
  // repeated event, a resize) changes nothing, nor does the browser clamping scrollTop
  // when the list shrinks, which leaves the end exactly in view.
  const measure = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    const fromEnd = el.scrollHeight - el.scrollTop - el.clientHeight;
    const moved = el.scrollTop - lastTop.current;
    lastTop.current = el.scrollTop;
    if (moved < -1 && fromEnd > 1) stuck.current = false;
    else if (moved > 1 && fromEnd <= SLACK_PX) stuck.current = true;
    setAtBottom(stuck.current);
  }, []);

  // A jump, not a smooth scroll: Chromium may stop a smooth scroll short of the
  // end (seen stopping 2 px down a 2,000 px list), leaving the reader stranded.
  const scrollToBottom = useCallback(() => {
    const el = ref.current;
    if (!el) return;
    stuck.current = true;
    setAtBottom(true);
    pin(el);
  }, [pin]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.addEventListener("scroll", measure, { passive: true });
    // Scrolling up by wheel or touch lets go at once, before the scroll event that
    // follows: a chunk arriving in between must not pull the reader back down.
    const letGo = (e: WheelEvent | TouchEvent) => {
      if (el.scrollTop > 0 && (!("deltaY" in e) || e.deltaY < 0)) stuck.current = false;
    };
    el.addEventListener("wheel", letGo, { passive: true });
    el.addEventListener("touchmove", letGo, { passive: true });
    // The list or the space for it changed size (an answer finished rendering, the meter
    // above grew a line): a reader at the bottom stays there.
    const resized = new ResizeObserver(() => {
      if (stuck.current) pin(el);
    });
    resized.observe(el);
    if (el.firstElementChild) resized.observe(el.firstElementChild);
    return () => {
      el.removeEventListener("scroll", measure);
      el.removeEventListener("wheel", letGo);
      el.removeEventListener("touchmove", letGo);
      resized.disconnect();
    };
  }, [measure, pin]);

  // New content follows the reader only if they were already at the end.
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && stuck.current) pin(el);
    else measure();
  }, [content, measure, pin]);

  return { ref, atBottom, scrollToBottom };
}
