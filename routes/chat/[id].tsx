import ChatView from "../../islands/ChatView.tsx";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";
import { loadChat } from "./(_components)/load.ts";

/**
 * `/chat/{id}`: one conversation. Its newest messages are rendered on the server (Markdown by
 * the same `renderMarkdown` the island uses while streaming); the island takes over from there.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const data = await loadChat(ctx.state, ctx.params.id, ctx.url.searchParams.get("message"));
    ctx.state.title = data.conversation?.title || ctx.state.t("chat.untitled");
    return page(data);
  },
});

export default define.page<typeof handler>(function ChatPage({ data }) {
  return <ChatView {...data} />;
});
