import { it as base } from 'vitest';
import { FakeOpenAi } from './server.js';

/**
 * `it` with an `openai` fixture: a FakeOpenAi started for each test that names it and stopped
 * after the test and its afterEach hooks. Point a client or the config at `openai.url`.
 */
export const it = base.extend('openai', async ({}, { onCleanup }) => {
  const server = await new FakeOpenAi().start();
  onCleanup(() => server.stop());
  return server;
});
