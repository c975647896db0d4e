import { createApp } from './app';
import { config } from './env';
import { TermStore } from './storage/term-store';

const app = createApp();

export default {
  fetch: app.fetch,
  /** Every ten minutes: rebuild the taxonomy snapshot, repairing any rebuild lost to a write race. */
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(new TermStore(config(env).CONTENT).refreshSnapshot());
  },
} satisfies ExportedHandler<Env>;
