import { notFound } from "next/navigation";
import { pageIdentity } from "@/lib/auth/identity";
import { chatPageData } from "@/lib/chat/page-data";
import { ChatApp } from "@/components/chat/chat-app";

export const dynamic = "force-dynamic";
export const metadata = { title: "Chat · Gemini Chat" };

export default async function ConversationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const data = await chatPageData(await pageIdentity(), id);
  if (!data) notFound();
  return <ChatApp key={id} conversationId={id} {...data} />;
}
