import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeOffline } from '../../src/writer/offline/offline-writer.js';
import type { Script } from '../../src/writer/script.js';
import { FakeOpenAi, type RecordedRequest } from '../fakes/openai/server.js';
import { makeHarness, MINUTE, moderator, testDialects, viewer, type Harness } from '../helpers/harness.js';
import { request } from '../writer/fixtures.js';

const dialects = await testDialects();
const NEW = '/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory. cast="Mochi: Shiba Inu, Luna: black cat, Biscuit: golden retriever"';

/** Answers like a good model: a valid script for the episode the prompt asks for. */
function goodModel(r: RecordedRequest) {
  const user = r.body.messages![1]!.content;
  const n = Number(/Episode (\d+)\./.exec(user)![1]);
  const label = /Twist: <data>("(?:[^"\\]|\\.)*")<\/data>/.exec(user)?.[1];
  const twist = label ? { label: JSON.parse(label) as string, teaser: '', source: 'writer' } : undefined;
  return { content: JSON.stringify(writeOffline(request({ episodeNumber: n, ...(twist ? { twist } : {}) }, { seed: 5 }))) };
}

describe.each(dialects)('a series written by an LLM (%s)', (dialect) => {
  let server: FakeOpenAi;
  let h: Harness;
  beforeEach(async () => {
    server = await new FakeOpenAi().start();
  });
  afterEach(async () => {
    await h?.close();
    await server.stop();
  });

  it('writes each episode through the configured server and honours the vote', async () => {
    server.chat = [goodModel];
    h = await makeHarness(dialect, {}, { OPENAI_BASE_URL: server.url, OPENAI_MODEL: 'local-model', OPENAI_TIMEOUT: '2s' });
    await h.say(NEW, moderator());
    await h.settle();
    const first = h.publisher.posts[0]!;
    expect(first.episode.number).toBe(1);
    const winner = first.ballot.options[1]!;
    await h.say(`/vote ${winner.letter}`, viewer(1));
    await h.advance(60 * MINUTE);
    const second = h.publisher.posts[1]!;
    expect(second.episode.previously).toBe(`Previously: ${winner.label}.`);
    const prompts = server.chatRequests().map((r) => r.body.messages![1]!.content);
    expect(prompts).toHaveLength(2);
    expect(prompts[1]).toContain(`Twist: <data>${JSON.stringify(winner.label)}</data>`);
    expect(prompts[1]).toContain('Story so far');
  });

  it('fails the write step with the reason when the model only returns garbage and the series forbids the fallback', async () => {
    server.chat = [{ content: 'I am a teapot' }];
    h = await makeHarness(dialect, {}, { OPENAI_BASE_URL: server.url, OPENAI_TIMEOUT: '2s', JOB_MAX_ATTEMPTS: '1' });
    await h.say(`${NEW} fallback=no`, moderator());
    await h.settle();
    const episode = await h.handle.db.selectFrom('episodes').selectAll().executeTakeFirstOrThrow();
    expect(episode.status).toBe('failed');
    expect(episode.failed_stage).toBe('write');
    expect(episode.error).toContain('the LLM gave no usable script after 3 replies');
    expect(h.publisher.posts).toHaveLength(0);
  });

  it('lets the offline writer step in by default', async () => {
    server.chat = [{ content: 'I am a teapot' }];
    h = await makeHarness(dialect, {}, { OPENAI_BASE_URL: server.url, OPENAI_TIMEOUT: '2s' });
    await h.say(NEW, moderator());
    await h.settle();
    expect(h.publisher.posts).toHaveLength(1);
    const script = JSON.parse((await h.handle.db.selectFrom('episodes').select('script').executeTakeFirstOrThrow()).script!) as Script;
    expect(script.scenes.length).toBeGreaterThanOrEqual(4);
  });
});
