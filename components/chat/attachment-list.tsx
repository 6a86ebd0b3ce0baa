// Files shown as small cards: a thumbnail for an image, the name and what it is
// for anything else. In the composer each has a Remove button and its upload's
// state; in a sent message each links to the file.
import type { AttachmentView } from "@/lib/files/attachments";
import type { PendingFile } from "./use-attachments";

function label(a: Pick<AttachmentView, "kind" | "pages" | "sizeBytes">): string {
  const size =
    a.sizeBytes < 1024 * 1024 ? `${Math.ceil(a.sizeBytes / 1024)} KB` : `${(a.sizeBytes / 1048576).toFixed(1)} MB`;
  if (a.kind === "pdf") return `PDF · ${a.pages} page${a.pages === 1 ? "" : "s"} · ${size}`;
  return `${a.kind === "image" ? "Image" : "Text"} · ${size}`;
}

export function SentFiles({ files }: { files: AttachmentView[] }) {
  if (files.length === 0) return null;
  return (
    <ul className="mb-1 flex flex-wrap justify-end gap-2" aria-label="Attached files" data-testid="sent-files">
      {files.map((f) => (
        <li key={f.id}>
          <a
            href={f.url}
            target="_blank"
            rel="noopener noreferrer"
            className="block rounded-md border border-slate-300 bg-white p-1 text-xs text-slate-800 dark:border-slate-600 dark:bg-slate-800 dark:text-slate-100"
          >
            {f.kind === "image" ? (
              // eslint-disable-next-line @next/next/no-img-element -- the user's own file, served by the app to its owner
              <img src={f.url} alt={f.name} className="h-20 w-20 rounded object-cover" />
            ) : (
              <span className="flex flex-col px-1">
                <span className="font-medium">{f.name}</span>
                <span>{label(f)}</span>
              </span>
            )}
          </a>
        </li>
      ))}
    </ul>
  );
}

export function PendingFiles({ files, onRemove }: { files: PendingFile[]; onRemove: (key: string) => void }) {
  if (files.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-2" aria-label="Files to send" data-testid="pending-files">
      {files.map((f) => (
        <li
          key={f.key}
          className={`flex items-center gap-2 rounded-md border px-2 py-1 text-xs ${f.error ? "border-red-400 text-red-800 dark:text-red-300" : "border-slate-300 dark:border-slate-600"}`}
        >
          {/* eslint-disable-next-line @next/next/no-img-element -- a local preview (object URL) */}
          {f.preview && !f.error && <img src={f.preview} alt="" className="h-8 w-8 rounded object-cover" />}
          <span className="flex flex-col">
            <span className="font-medium">{f.name}</span>
            <span role={f.error ? "alert" : undefined}>
              {f.error ?? (f.uploaded ? label(f.uploaded) : "Uploading…")}
            </span>
          </span>
          <button
            type="button"
            onClick={() => onRemove(f.key)}
            aria-label={`Remove ${f.name}`}
            className="px-1 text-base"
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
