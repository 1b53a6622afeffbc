import ChatView from "../../islands/ChatView.tsx";
import { page } from "../../lib/web/define.ts";
import { define } from "../../utils.ts";
import { loadChat } from "./(_components)/load.ts";

/** `/chat`: a new chat, with the conversation list beside it. */
export const handler = define.handlers({
  async GET(ctx) {
    return page(await loadChat(ctx.state, null));
  },
});

export default define.page<typeof handler>(function NewChatPage({ data }) {
  return <ChatView {...data} />;
});
