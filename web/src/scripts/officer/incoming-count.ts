/** The inbox's and My work's notice of transfers waiting for the officer's communes (IncomingTransfersNotice.astro). */
import { required } from "./dom.ts";
import { session } from "./gate.ts";
import { incomingTransfers } from "./incoming-transfers.ts";
import { fill } from "./me.ts";

const notice = document.querySelector<HTMLElement>("[data-incoming-transfers]");
if (notice) {
  void session.then(async ({ me }) => {
    const waiting = await incomingTransfers(me);
    required<HTMLElement>("[data-incoming-count]", notice).textContent = fill(notice.dataset.msgCount ?? "", { n: waiting.length });
    notice.hidden = waiting.length === 0;
  });
}
