import { pageIdentity } from "@/lib/auth/identity";
import { chatPageData } from "@/lib/chat/page-data";
import { ChatApp } from "@/components/chat/chat-app";

export const dynamic = "force-dynamic";
export const metadata = { title: "Chat · Gemini Chat" };

export default async function ChatPage() {
  const data = (await chatPageData(await pageIdentity(), null))!;
  return <ChatApp key="new" conversationId={null} {...data} />;
}
