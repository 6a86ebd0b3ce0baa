// A guest who signs up keeps their chats: their conversations and usage history
// move to the real account and the guest row is deleted.
import { getDb } from "@/lib/db/client";

/** Returns the number of conversations moved; 0 when the id is not a guest. */
export async function mergeGuestInto(guestId: string, userId: string): Promise<number> {
  if (guestId === userId) return 0;
  return getDb().$transaction(async (tx) => {
    const guest = await tx.user.findUnique({ where: { id: guestId }, select: { isGuest: true } });
    // Only guest rows are ever merged: a stale cookie must not hand one real
    // account's data to another.
    if (!guest?.isGuest) return 0;
    const moved = await tx.conversation.updateMany({ where: { userId: guestId }, data: { userId } });
    await tx.usageLedger.updateMany({ where: { userId: guestId }, data: { userId } });
    // Budget counters and reservations belong to the guest allowance; they go with the guest.
    await tx.user.delete({ where: { id: guestId } });
    return moved.count;
  });
}
