import ChatView from "../../islands/ChatView.tsx";
import type { ChatViewProps } from "../../components/chat/types.ts";
import { define } from "../../lib/web/define.ts";
import { loadChat } from "./(_components)/load.ts";

/** `/chat`: a new chat, with the conversation list beside it. */
export const handler = define.handlers({
  async GET(ctx) {
    return { data: await loadChat(ctx.state, null) };
  },
});

export default define.page<ChatViewProps>(function NewChatPage({ data }) {
  return <ChatView {...data} />;
});
