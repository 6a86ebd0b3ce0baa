"use client";
// Why the last message was not sent, right above the box that still holds it:
// a rate-limit wait that counts down, a budget refusal that says whether a new
// chat would fit (and when the allowance resets, in local time).
import Link from "next/link";
import { useEffect, useState } from "react";
import { localTime, type ChatError } from "./chat-error";

function useSecondsLeft(until: number | null): number {
  const left = () => (until == null ? 0 : Math.max(0, Math.ceil((until - Date.now()) / 1000)));
  const [seconds, setSeconds] = useState(left);
  useEffect(() => {
    if (until == null) return;
    const tick = () => setSeconds(Math.max(0, Math.ceil((until - Date.now()) / 1000)));
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [until]);
  return seconds;
}

function Text({ error, onNewChat }: { error: ChatError; onNewChat: () => void }) {
  const seconds = useSecondsLeft(error.retryAt);
  if (error.retryAt != null) {
    return seconds > 0 ? (
      <span>
        Too many messages in a minute. You can send again in <span data-testid="retry-seconds">{seconds}</span> s; your
        message is kept below.
      </span>
    ) : (
      <span>You can send again now.</span>
    );
  }
  const period = error.limit === "day" ? "today" : "this month";
  if (error.code === "budget_exceeded:chat" && error.reason === "conversation_too_long") {
    return (
      <span>
        This conversation is too long for what&apos;s left {period}; start a new chat.{" "}
        <button type="button" onClick={onNewChat} className="font-medium underline">
          Start a new chat
        </button>
      </span>
    );
  }
  if (error.code === "budget_exceeded:chat" && error.resetAt) {
    const up =
      error.upgradeAction === "sign_up"
        ? "Create a free account for a bigger allowance."
        : error.upgradeAction === "upgrade"
          ? "Upgrade your plan for more."
          : null;
    return (
      <span>
        You&apos;ve used {error.limit === "day" ? "today's" : "this month's"} allowance. It resets at{" "}
        <time dateTime={error.resetAt}>{localTime(error.resetAt)}</time>.{" "}
        {up && error.upgradeHref && (
          <Link href={error.upgradeHref} className="font-medium underline">
            {up}
          </Link>
        )}
      </span>
    );
  }
  return <span>{error.message}</span>;
}

export function ChatNotice(props: { error: ChatError; onDismiss: () => void; onNewChat: () => void }) {
  return (
    <div
      role="alert"
      data-testid="chat-error"
      className="mx-3 mt-3 flex items-start gap-3 rounded-md border border-red-400 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
    >
      <p className="flex-1">
        <Text error={props.error} onNewChat={props.onNewChat} />
      </p>
      <button type="button" className="underline" onClick={props.onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
