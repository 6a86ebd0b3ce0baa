"use client";
// Files waiting in the composer: each is uploaded as soon as it is attached (by
// the button, drag and drop or paste), so a refusal (wrong kind, too large)
// shows at once, beside the file, before anything is sent. Sending takes the
// uploaded ones; removing one deletes it on the server.
import { useCallback, useState } from "react";
import type { AttachmentView } from "@/lib/files/attachments";

export interface PendingFile {
  key: string;
  name: string;
  /** A local preview for images, while and after uploading. */
  preview: string | null;
  uploaded: AttachmentView | null;
  error: string | null;
}

let counter = 0;

export function useAttachments() {
  const [files, setFiles] = useState<PendingFile[]>([]);
  const patch = (key: string, p: Partial<PendingFile>) =>
    setFiles((list) => list.map((f) => (f.key === key ? { ...f, ...p } : f)));

  const add = useCallback((picked: Iterable<File>) => {
    for (const file of picked) {
      const key = `f${++counter}`;
      const preview = file.type.startsWith("image/") ? URL.createObjectURL(file) : null;
      setFiles((list) => [...list, { key, name: file.name, preview, uploaded: null, error: null }]);
      void fetch("/api/attachments", {
        method: "POST",
        headers: { "x-file-name": encodeURIComponent(file.name || "pasted file") },
        body: file,
      })
        .then(async (res) => {
          const body = await res.json().catch(() => ({}));
          if (res.ok) patch(key, { uploaded: body.attachment as AttachmentView });
          else patch(key, { error: body?.error?.message ?? `Upload failed (${res.status}).` });
        })
        .catch(() => patch(key, { error: "Upload failed: check your connection and attach it again." }));
    }
  }, []);

  const remove = useCallback((key: string) => {
    setFiles((list) => {
      const gone = list.find((f) => f.key === key);
      if (gone?.uploaded) void fetch(`/api/attachments/${gone.uploaded.id}`, { method: "DELETE" });
      if (gone?.preview) URL.revokeObjectURL(gone.preview);
      return list.filter((f) => f.key !== key);
    });
  }, []);

  /** Takes the uploaded files out of the composer for a message being sent. */
  const take = useCallback((): PendingFile[] => {
    const ready = files.filter((f) => f.uploaded);
    setFiles((list) => list.filter((f) => !f.uploaded));
    return ready;
  }, [files]);
  /** Puts a refused message's files back, ahead of any attached since. */
  const restore = useCallback((taken: PendingFile[]) => setFiles((list) => [...taken, ...list]), []);

  const uploading = files.some((f) => !f.uploaded && !f.error);
  return { files, add, remove, take, restore, uploading };
}
