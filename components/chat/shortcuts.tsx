"use client";
// The chat's keyboard shortcuts, listed in a dialog (Ctrl or ⌘ + /, or the
// "Keyboard shortcuts" button). The same list the handlers in chat-app.tsx,
// conversation-view.tsx and composer.tsx implement.
import { useEffect, useRef } from "react";

export const SHORTCUTS: { keys: string; what: string }[] = [
  { keys: "Ctrl/⌘ + Shift + O", what: "New chat" },
  { keys: "Shift + Esc", what: "Focus the message box" },
  { keys: "Esc", what: "Stop the answer being written" },
  { keys: "Enter", what: "Send" },
  { keys: "Shift + Enter", what: "New line in the message" },
  { keys: "Ctrl/⌘ + /", what: "Show these shortcuts" },
];

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby="shortcuts-title"
      className="m-auto rounded-lg border border-slate-200 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-black/40 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <h2 id="shortcuts-title" className="mb-3 text-lg font-semibold">
        Keyboard shortcuts
      </h2>
      <table className="text-sm">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys}>
              <td className="py-1 pr-6">
                <kbd className="rounded border border-slate-300 px-1.5 py-0.5 font-mono text-xs dark:border-slate-600">
                  {s.keys}
                </kbd>
              </td>
              <td className="py-1">{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog" className="mt-4 text-right">
        <button type="submit" className="rounded-md border border-slate-300 px-3 py-1 text-sm dark:border-slate-600">
          Close
        </button>
      </form>
    </dialog>
  );
}
