import { afterEach, describe, expect, it } from 'vitest';
import { listCommands } from '../../src/core/commands.js';
import { chan, HOUR, makeHarness, moderator, testDialects, viewer, type Harness } from '../helpers/harness.js';

const dialects = await testDialects();
const NEW = '/series new "Paws of Fate" A Shiba Inu wakes up in hospital with no memory.';

describe.each(dialects)('chat commands (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.close());

  async function running(): Promise<Harness> {
    h = await makeHarness(dialect);
    expect(await h.say(NEW, moderator())).toContain('begins');
    await h.settle();
    return h;
  }

  it('refuses every moderator command to a non-moderator, changing nothing', async () => {
    await running();
    const before = await h.handle.db.selectFrom('audit_log').select('id').execute();
    const modCommands = listCommands(h.app.commands).filter((c) => c.command.access === 'moderator');
    expect(modCommands.map((c) => c.path)).toEqual(
      expect.arrayContaining([
        'series new',
        'series follow',
        'series pause',
        'series resume',
        'series end',
        'cast add',
        'mod approve',
        'mod veto',
        'mod add-option',
        'mod close-vote',
        'mod window',
        'mod story',
      ]),
    );
    for (const { path } of modCommands) {
      const reply = await h.app.command({ path: path.split(' '), args: {} }, viewer(1), chan());
      expect(reply, path).toEqual({ text: 'Only moderators can do that.', ephemeral: true });
    }
    expect(await h.handle.db.selectFrom('audit_log').select('id').execute()).toEqual(before);
    expect((await h.handle.db.selectFrom('series').select('status').executeTakeFirstOrThrow()).status).toBe('running');
  });

  it('keeps a moderator of one channel from steering a series another channel runs', async () => {
    await running();
    const elsewhere = chan('other-guild-channel');
    expect(await h.say('/series pause', moderator(9), elsewhere)).toContain('does not follow a series');
    expect(await h.say('/mod close-vote', moderator(9), elsewhere)).toContain('does not follow a series');
    expect(await h.say('/series status paws-of-fate', viewer(9), elsewhere)).toContain('“Paws of Fate”');
  });

  it('explains unknown commands, missing options and unknown series', async () => {
    await running();
    expect(await h.say('/dance', viewer(1))).toBe("I don't know the command “dance”. Try /help.");
    expect(await h.say('/series', viewer(1))).toContain('/series needs one of: new, follow');
    expect(await h.say('/vote', viewer(1))).toBe('Please give option. Usage: /vote <option>');
    expect(await h.say('/vote A B', viewer(1))).toContain("I didn't understand “B”");
    expect(await h.say('/series follow nope', moderator(1), chan('c2'))).toContain("can't find a series called “nope”");
    expect(await h.say('/series status nope', viewer(1))).toContain("can't find a series");
    expect(await h.say('/vote A', viewer(1), chan('lonely'))).toContain('does not follow a series yet');
    expect(await h.say('/episode show 99', viewer(1))).toBe('There is no episode 99.');
    expect(await h.say('/episode show abc', viewer(1))).toBe('number must be a whole number.');
    expect(await h.say('/episode show 0', viewer(1))).toContain('between 1 and');
    expect(await h.say('/episode show', viewer(1))).toContain('Episode 1');
    expect(await h.say('/vote@TailTwistBot A', viewer(1))).toContain('You picked A');
  });

  it('checks every option of series new', async () => {
    h = await makeHarness(dialect);
    const m = moderator();
    expect(await h.say('/series new', m)).toContain('Please give title');
    expect(await h.say('/series new "Paws"', m)).toContain('Please give premise');
    expect(await h.say('/series new "  " A long enough premise here', m)).toContain("The title can't be empty");
    expect(await h.say('/series new "Paws" short', m)).toContain('The premise needs at least 10 characters');
    expect(await h.say(`/series new "Paws" ${'drama '.repeat(100)}`, m)).toContain('The premise is too long (599 characters); keep it to 500');
    expect(await h.say('/series new "Paws" A long enough premise here tone=opera', m)).toContain('tone must be one of: melodrama');
    expect(await h.say('/series new "Paws" A long enough premise here window=forever', m)).toContain('is not a duration');
    expect(await h.say('/series new "Paws" A long enough premise here length=500', m)).toContain('length must be between 30 and 120');
    expect(await h.say('/series new "Paws" A long enough premise here cast="Mochi"', m)).toContain('couldn\'t read "Mochi" as a character');
    expect(await h.say('/series new "Paws" A long enough premise here cast="Mo: cat, mo: dog"', m)).toContain('already a character called mo');
    expect(await h.say('/series new "Paws" A long enough premise here ties=coin', m)).toContain('ties must be one of: moderator, random');
    expect(await h.handle.db.selectFrom('series').selectAll().execute()).toHaveLength(0);
    expect(await h.say('/series new "Paws" A long enough premise here tone=Comedy window=2h length=45 language=es ties=random cast="Mochi (Shiba Inu); Luna - black cat"', m)).toContain(
      'Mochi the Shiba Inu and Luna the black cat',
    );
    const s = await h.handle.db.selectFrom('series').selectAll().executeTakeFirstOrThrow();
    expect(s).toMatchObject({ tone: 'comedy', vote_window_ms: 2 * HOUR, target_seconds: 45, language: 'es', tie_rule: 'random', name: 'paws' });
    // The channel follows a Spanish series now: a reader whose platform names no language is answered in Spanish.
    expect(await h.say('/series new "Paws" Another one in the same place', m)).toContain('Este canal ya sigue «Paws»');
    // Same title elsewhere: a name of its own.
    await h.say('/series new "Paws" Another one in another place', m, chan('c2'));
    expect((await h.handle.db.selectFrom('series').select('name').orderBy('created_at').execute()).map((r) => r.name)).toEqual(['paws', 'paws-2']);
  });

  it('cleans untrusted text: control characters go, emoji and right-to-left text stay', async () => {
    await running();
    expect(await h.say('/suggest', viewer(1))).toBe('Please give twist. Usage: /suggest <twist> [credit]');
    expect(await h.say('/suggest \u0000\u0007 ', viewer(1))).toBe("A twist suggestion can't be empty.");
    expect(await h.say('/suggest \u200B\u202E\u200B', viewer(1))).toBe("A twist suggestion can't be empty.");
    expect(await h.say('/suggest ok', viewer(1))).toBe('A twist suggestion needs at least 3 characters.');
    expect(await h.say(`/suggest ${'x'.repeat(141)}`, viewer(1))).toBe('A twist suggestion is too long (141 characters); keep it to 140.');
    expect(await h.say('/suggest Luna\u0000 steals\u202E the\u0007 crown 👑', viewer(1))).toContain('suggestion #1');
    expect(await h.say('/suggest 🐶💔 القطة تعود من الموت', viewer(2))).toContain('suggestion #2');
    expect(await h.say(`/suggest ${'👨‍👩‍👧'.repeat(140)}`, viewer(3))).toContain('suggestion #3');
    const stored = await h.handle.db.selectFrom('suggestions').select('text').orderBy('number').execute();
    expect(stored.map((s) => s.text)).toEqual(['Luna steals the crown 👑', '🐶💔 القطة تعود من الموت', '👨‍👩‍👧'.repeat(140)]);
    const next = 'ABCDEF'[h.publisher.posts[0]!.ballot.options.length]!;
    expect(await h.say('/mod approve 2', moderator())).toBe(`Suggestion #2 is on the ballot as option ${next}.`);
    await h.say(`/vote ${next}`, viewer(5));
    const status = await h.say('/series status', viewer(5));
    expect(status).toContain(`${next}. 🐶💔 القطة تعود من الموت — 1 vote`);
  });

  it('screens community text and says why it is refused', async () => {
    await running();
    expect(await h.say('/suggest Luna says f.u.c.k to the vet', viewer(1))).toBe("That suggestion can't be used: it contains words this series does not allow. Please rephrase it.");
    expect(await h.handle.db.selectFrom('suggestions').selectAll().execute()).toHaveLength(0);
    expect(await h.say('/series new "Porn Paws" A long enough premise about cats', moderator(), chan('c9'))).toContain("The title can't be used");
    expect(await h.say('/suggest Luna plots a bloody revenge', viewer(1))).toContain('suggestion #1');
  });

  it('puts approved suggestions on the ballot, or on the next one when it is full', async () => {
    await running();
    for (let i = 1; i <= 5; i++) await h.say(`/suggest Twist number ${i} for Mochi`, viewer(i));
    expect(await h.say('/suggest One more', viewer(1))).toContain('suggestion #6');
    expect(await h.say('/suggest And more', viewer(1))).toContain('suggestion #7');
    expect(await h.say('/suggest Too many', viewer(1))).toContain('already have 3 suggestions waiting');
    expect(await h.say('/mod queue', moderator())).toContain('#7: And more');
    // The writer's 3 or 4 twists, then suggestions until the ballot holds 6.
    const written = h.publisher.posts[0]!.ballot.options.length;
    const room = 6 - written;
    for (let i = 1; i <= room; i++) expect(await h.say(`/mod approve #${i}`, moderator())).toContain(`as option ${'ABCDEF'[written + i - 1]}`);
    for (let i = room + 1; i <= 4; i++) expect(await h.say(`/mod approve ${i}`, moderator())).toBe(`Suggestion #${i} is approved and will be on the next ballot.`);
    expect(await h.say('/mod approve 4', moderator())).toBe('Suggestion #4 was already approved.');
    expect(await h.say('/mod veto 5', moderator())).toBe('Suggestion #5 is vetoed.');
    expect(await h.say('/mod approve 5', moderator())).toBe('Suggestion #5 was already vetoed.');
    expect(await h.say('/mod approve 42', moderator())).toBe('There is no suggestion #42.');
    expect(await h.say('/mod approve banana', moderator())).toContain('neither a suggestion number');
    expect(await h.say('/mod add-option The vet is a spy', moderator())).toContain('ballot is full');
    await h.say(`/vote ${'ABCDEF'[written]}`, viewer(1)); // suggestion #1
    await h.advance(HOUR);
    const next = h.publisher.posts.at(-1)!;
    expect(next.episode.number).toBe(2);
    expect(next.episode.previously).toBe('Previously: Twist number 1 for Mochi.');
    const community = next.ballot.options.filter((o) => o.source === 'community');
    expect(community.map((o) => o.label)).toEqual(['Twist number 3 for Mochi', 'Twist number 4 for Mochi'].slice(room - 2));
  });

  it('keeps the cast unique and bounded', async () => {
    await running();
    expect(await h.say('/cast add Biscuit "golden retriever" loyal to a fault', moderator())).toContain('Biscuit joins the cast');
    expect(await h.say('/cast add biscuit corgi', moderator())).toBe('There is already a character called biscuit.');
    expect(await h.say('/cast add Pepper', moderator())).toContain('Please give species');
    expect(await h.say(`/cast add ${'N'.repeat(30)} corgi`, moderator())).toContain('A character name is too long');
    for (let i = 0; i < 5; i++) await h.say(`/cast add Extra${i} cat`, moderator());
    expect(await h.say('/cast add Extra9 cat', moderator())).toBe('A series has at most 8 characters.');
    const list = await h.say('/cast list', viewer(1));
    expect(list).toContain('• Biscuit, golden retriever — loyal to a fault');
  });

  it('says how a species it cannot draw as itself will look, and says nothing for one it can', async () => {
    await running();
    const known = await h.say('/cast add Coco parrot vain', moderator());
    expect(known).toContain('Coco joins the cast');
    expect(known).not.toContain('will look like');
    expect(await h.say('/cast add Sparky dragon', moderator())).toMatch(
      /I can't draw dragons yet, so Sparky will look like a lizard\. I can draw dogs and cats of many breeds, .*parrots.* and lizards\./,
    );
    const unknown = await h.say('/cast add Zorp "Blorbian space slug"', moderator());
    expect(unknown).toMatch(/I don't know “Blorbian space slug” yet, so Zorp will look like an? [a-z ]+\./);
    // The stand-in is the same every time for the same words.
    expect(await h.say('/cast add Zorp2 "Blorbian space slug"', moderator())).toContain(unknown.match(/will look like an? [a-z ]+/)![0]);
    const created = await h.say('/series new "Zoo" A long enough premise here cast="Pip: hamster, Rex: German Shepherd, Blue: horse"', moderator(), chan('c9'));
    expect(created).toContain("I can't draw horses yet, so Blue will look like a pig.");
    expect(created).not.toContain('Pip will look like');
    expect(created).not.toContain('Rex will look like');
  });

  it('allows only help and status in a private chat', async () => {
    await running();
    const dm = chan('dm-1');
    expect((await h.app.commandText('/vote A', viewer(1), dm, { isPrivate: true })).text).toContain('works in a group or channel');
    expect((await h.app.commandText('/help', viewer(1), dm, { isPrivate: true })).text).toContain('/vote');
    expect((await h.app.commandText('/series status paws-of-fate', viewer(1), dm, { isPrivate: true })).text).toContain('Paws of Fate');
    expect((await h.app.commandText('/series story paws-of-fate', viewer(1), dm, { isPrivate: true })).text).toContain('“Paws of Fate” — the story so far');
  });

  it('lists moderator commands in help only for moderators', async () => {
    await running();
    expect(await h.say('/help', viewer(1))).not.toContain('/mod veto');
    expect(await h.say('/help', moderator())).toContain('/mod veto — Reject a suggestion, or withdraw a ballot option (moderators)');
  });

  it('answers a bug with an apology and a reference, never a stack trace', async () => {
    await running();
    await h.handle.db.deleteFrom('series').execute(); // the next lookup finds a channel row with no series
    await h.handle.close();
    const reply = await h.app.commandText('/series status', viewer(1), chan());
    expect(reply.text).toMatch(/^Sorry, something went wrong on our side\. If it keeps happening, tell the admins: ref [0-9a-z]{8}\.$/);
    expect(reply.ephemeral).toBe(true);
    h.handle = h.db.open(); // let close() work
  });
});
