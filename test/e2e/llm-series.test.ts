import { afterEach, describe, expect } from 'vitest';
import type { EpisodeStory, TwistOp } from '../../src/core/story/model.js';
import { quote } from '../../src/writer/prompt.js';
import type { Script } from '../../src/writer/script.js';
import { it } from '../fakes/openai/fixture.js';
import { storyModel, storyReply, type RecordedRequest } from '../fakes/openai/server.js';
import { makeHarness, MINUTE, moderator, testDialects, viewer, type Harness } from '../helpers/harness.js';

const dialects = await testDialects();
const NEW = '/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory. cast="Mochi: Shiba Inu, Luna: black cat, Biscuit: golden retriever"';

const userPrompt = (r: RecordedRequest) => r.body.messages!.find((m) => m.role === 'user')!.content;

describe.each(dialects)('a series written by an LLM (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('writes each episode through the configured server from the story, and the vote reaches it as an operation', async ({ openai }) => {
    openai.chat = [storyModel];
    h = await makeHarness(dialect, {}, { OPENAI_BASE_URL: openai.url, OPENAI_MODEL: 'local-model', OPENAI_TIMEOUT: '2s' });
    await h.say(NEW, moderator());
    await h.settle();
    const first = h.publisher.posts[0]!;
    expect(first.episode.number).toBe(1);
    expect(first.ballot.options).toHaveLength(3);
    const winner = first.ballot.options[1]!;
    const option = await h.handle.db.selectFrom('ballot_options').select(['twist']).where('id', '=', winner.id).executeTakeFirstOrThrow();
    const op = JSON.parse(option.twist!) as TwistOp;
    await h.say(`/vote ${winner.letter}`, viewer(1));
    await h.advance(60 * MINUTE);
    const second = h.publisher.posts[1]!;
    expect(second.episode.previously).toBe(`Previously: ${winner.label}.`);

    const prompts = openai.chatRequests().map(userPrompt);
    expect(prompts).toHaveLength(2);
    expect(prompts[0]).toContain('This is episode 1');
    expect(prompts[1]).toContain(`Twist: ${quote(winner.label)}`);
    expect(prompts[1]).toContain(`Operation: ${quote({ kind: op.kind, actor: op.actor, target: op.target, object: op.object })}`);
    expect(prompts[1]).toContain(`- ${quote('Day 1: the story began.')}`);
    expect(prompts[1]).toMatch(/THE LAST CLIFFHANGER .*\n<data>"Late on day 1, \w+ hears footsteps approaching in the dark\."<\/data> — who: \w+; place: /);

    // The story the LLM wrote is kept with each episode: its changes applied, its cliffhanger next.
    const rows = await h.handle.db.selectFrom('episodes').select(['number', 'story']).orderBy('number').execute();
    const stories = rows.map((r) => JSON.parse(r.story!) as EpisodeStory);
    expect(stories[0]!.twist).toBeNull();
    expect(stories[1]!.twist).toMatchObject({ kind: op.kind, actor: op.actor, target: op.target });
    expect(stories[1]!.state.episode).toBe(2);
    expect(stories[1]!.state.summary).toEqual(['Day 1: the story began.', `Day 2: ${op.actor} ${op.kind}.`]);
    expect(stories[1]!.cliffhanger.text).toMatch(/^Late on day 2, /);
  });

  it('sends a reply that breaks the story back for repair, and publishes the corrected one', async ({ openai }) => {
    let broken = 0;
    openai.chat = [
      (r) => {
        const reply = storyReply(userPrompt(r));
        if (r.body.messages!.length === 2 && broken++ === 0) reply.twists[0]!.object = 'the fire';
        return { content: JSON.stringify(reply) };
      },
    ];
    h = await makeHarness(dialect, {}, { OPENAI_BASE_URL: openai.url, OPENAI_TIMEOUT: '2s' });
    await h.say(`${NEW} fallback=no`, moderator());
    await h.settle();
    const calls = openai.chatRequests();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body.messages!.at(-1)!.content).toMatch(/it presupposes “the fire”, which the story does not have/);
    expect(h.publisher.posts).toHaveLength(1);
    expect(h.publisher.posts[0]!.episode.title).toBe('Day 1');
  });

  it('fails the write step with the reason when the model only returns garbage and the series forbids the fallback', async ({ openai }) => {
    openai.chat = [{ content: 'I am a teapot' }];
    h = await makeHarness(dialect, {}, { OPENAI_BASE_URL: openai.url, OPENAI_TIMEOUT: '2s', JOB_MAX_ATTEMPTS: '1' });
    await h.say(`${NEW} fallback=no`, moderator());
    await h.settle();
    const episode = await h.handle.db.selectFrom('episodes').selectAll().executeTakeFirstOrThrow();
    expect(episode.status).toBe('failed');
    expect(episode.failed_stage).toBe('write');
    expect(episode.error).toContain('the LLM gave no usable script after 3 replies');
    expect(h.publisher.posts).toHaveLength(0);
  });

  it('lets the offline writer step in by default, on the same story', async ({ openai }) => {
    openai.chat = [{ content: 'I am a teapot' }];
    h = await makeHarness(dialect, {}, { OPENAI_BASE_URL: openai.url, OPENAI_TIMEOUT: '2s' });
    await h.say(NEW, moderator());
    await h.settle();
    expect(h.publisher.posts).toHaveLength(1);
    const row = await h.handle.db.selectFrom('episodes').select(['script', 'story']).executeTakeFirstOrThrow();
    const script = JSON.parse(row.script!) as Script;
    expect(script.scenes.length).toBeGreaterThanOrEqual(4);
    expect((JSON.parse(row.story!) as EpisodeStory).state.episode).toBe(1);
  });
});
